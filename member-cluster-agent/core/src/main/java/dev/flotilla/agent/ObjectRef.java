package dev.flotilla.agent;

/**
 * Identifies one object in the member: group, kind, namespace (empty for cluster-scoped) and name. The version is
 * left out on purpose: one object served under two versions is still one object.
 *
 * @param group API group, empty for the core group
 * @param kind the kind
 * @param namespace the namespace, empty for cluster-scoped objects
 * @param name the name
 */
public record ObjectRef(String group, String kind, String namespace, String name) {

  /** Normalises nulls to empty strings. */
  public ObjectRef {
    group = group == null ? "" : group;
    namespace = namespace == null ? "" : namespace;
  }

  @Override
  public String toString() {
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    return qualified + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
