package dev.flotilla.agent;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Objects;

/**
 * What the agent needs to know about a kind to call the member's REST API for it.
 *
 * @param group API group, empty for the core group
 * @param version API version
 * @param kind the kind
 * @param plural the resource name in URLs
 * @param namespaced whether its objects live in namespaces
 */
public record KindInfo(String group, String version, String kind, String plural, boolean namespaced) {

  /** Checks the fields. */
  public KindInfo {
    group = group == null ? "" : group;
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(plural, "plural");
  }

  /** @return {@code group/version}, or just the version for the core group */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** @return fabric8's description of the kind, for {@code genericKubernetesResources(..)} */
  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
        .withPlural(plural).withNamespaced(namespaced).build();
  }

  /**
   * The form kept in the member's inventory of applied kinds: {@code group/version/kind/plural/namespaced}.
   *
   * @return the encoded kind
   */
  public String encode() {
    return group + "/" + version + "/" + kind + "/" + plural + "/" + namespaced;
  }

  /**
   * Reads {@link #encode()}'s form.
   *
   * @param encoded the encoded kind
   * @return the kind, or null when malformed
   */
  public static KindInfo decode(String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.split("/", -1);
    if (parts.length != 5 || parts[1].isEmpty() || parts[2].isEmpty() || parts[3].isEmpty()) {
      return null;
    }
    return new KindInfo(parts[0], parts[1], parts[2], parts[3], Boolean.parseBoolean(parts[4]));
  }

  /** @return a key for the resource, {@code plural.group} */
  public String resource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
