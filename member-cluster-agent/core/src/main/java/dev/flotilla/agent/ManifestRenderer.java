package dev.flotilla.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a Work into the objects to apply in the member. Pure: JSON in, JSON out.
 *
 * <p>Each manifest is copied without the fields only its source cluster may set (status, uid, resourceVersion,
 * generation, timestamps, managedFields, ownerReferences), put in namespace {@code default} when its kind is
 * namespaced and it names none, and labelled so the agent finds exactly what it applied:
 * {@code flotilla.dev/managed-by=flotilla}, {@code flotilla.dev/cluster}, {@code flotilla.dev/work-namespace} and
 * {@code flotilla.dev/work-name} (see {@link #workLabelValue(String)}). A manifest that cannot be applied gets an
 * error naming its field instead.
 */
public final class ManifestRenderer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "generation",
      "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
      "ownerReferences", "generateName");

  private ManifestRenderer() {
  }

  /**
   * One manifest ready to apply.
   *
   * @param ordinal its index in {@code spec.workload.manifests}
   * @param kind its kind
   * @param ref the object's identity in the member
   * @param object the object to apply (labelled, cleaned)
   */
  public record Desired(int ordinal, KindInfo kind, ObjectRef ref, GenericKubernetesResource object) {
  }

  /**
   * One manifest that cannot be applied as written.
   *
   * @param ordinal its index
   * @param apiVersion its apiVersion as written (may be null)
   * @param kind its kind as written (may be null)
   * @param namespace its namespace as written (may be null)
   * @param name its name as written (may be null)
   * @param message why, naming the field
   */
  public record Invalid(int ordinal, String apiVersion, String kind, String namespace, String name, String message) {
  }

  /**
   * The rendering of one Work.
   *
   * @param desired the manifests to apply, in order
   * @param invalid the manifests refused, in order
   */
  public record Rendered(List<Desired> desired, List<Invalid> invalid) {
  }

  /**
   * Renders a Work.
   *
   * @param work the Work
   * @param clusterName the member's name (for the cluster label)
   * @param kinds resolves plural and scope of each kind
   * @return what to apply and what was refused
   */
  public static Rendered render(Work work, String clusterName, KindResolver kinds) {
    List<Desired> desired = new ArrayList<>();
    List<Invalid> invalid = new ArrayList<>();
    List<GenericKubernetesResource> manifests = work.getSpec() == null || work.getSpec().getWorkload() == null
        || work.getSpec().getWorkload().getManifests() == null ? List.of()
        : work.getSpec().getWorkload().getManifests();
    Map<ObjectRef, Integer> seen = new HashMap<>();
    for (int i = 0; i < manifests.size(); i++) {
      String field = "spec.workload.manifests[" + i + "]";
      GenericKubernetesResource manifest = manifests.get(i);
      if (manifest == null) {
        invalid.add(new Invalid(i, null, null, null, null, field + ": Required value: a manifest"));
        continue;
      }
      String apiVersion = manifest.getApiVersion();
      String kind = manifest.getKind();
      String name = manifest.getMetadata() == null ? null : manifest.getMetadata().getName();
      String namespace = manifest.getMetadata() == null ? null : manifest.getMetadata().getNamespace();
      String missing = blank(apiVersion) ? "apiVersion" : blank(kind) ? "kind" : blank(name) ? "metadata.name" : null;
      if (missing != null) {
        invalid.add(new Invalid(i, apiVersion, kind, namespace, name, field + "." + missing + ": Required value"));
        continue;
      }
      KindInfo info = kinds.resolve(apiVersion, kind).orElse(null);
      if (info == null) {
        invalid.add(new Invalid(i, apiVersion, kind, namespace, name, field + ": the member does not serve kind "
            + kind + " in " + apiVersion));
        continue;
      }
      String effectiveNamespace = info.namespaced() ? (blank(namespace) ? "default" : namespace) : "";
      ObjectRef ref = new ObjectRef(info.group(), info.kind(), effectiveNamespace, name);
      Integer earlier = seen.putIfAbsent(ref, i);
      if (earlier != null) {
        invalid.add(new Invalid(i, apiVersion, kind, namespace, name, field + ": Duplicate value: " + ref
            + " is already manifest " + earlier));
        continue;
      }
      desired.add(new Desired(i, info, ref, clean(manifest, info, effectiveNamespace, work, clusterName)));
    }
    return new Rendered(List.copyOf(desired), List.copyOf(invalid));
  }

  /**
   * The labels every object applied for a Work carries (selected with equality selectors only).
   *
   * @param workNamespace the Work's namespace
   * @param workName the Work's name
   * @param clusterName the member's name
   * @return the labels
   */
  public static Map<String, String> ownershipLabels(String workNamespace, String workName, String clusterName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE);
    labels.put(FlotillaApi.LABEL_CLUSTER, clusterName);
    labels.put(FlotillaApi.LABEL_WORK_NAMESPACE, workNamespace);
    labels.put(FlotillaApi.LABEL_WORK_NAME, workLabelValue(workName));
    return labels;
  }

  /**
   * The value of {@code flotilla.dev/work-name} for a Work: its name when that is a valid label value (at most 63
   * characters), else the first 52 characters, a dash and 10 hex digits of its SHA-256, so that long names still
   * select exactly their objects.
   *
   * @param workName the Work's name
   * @return the label value
   */
  public static String workLabelValue(String workName) {
    if (workName.length() <= 63 && LABEL_VALUE.matcher(workName).matches()) {
      return workName;
    }
    String prefix = workName.substring(0, Math.min(52, workName.length())).replaceAll("[^A-Za-z0-9]+$", "");
    return prefix + "-" + sha256(workName).substring(0, 10);
  }

  private static GenericKubernetesResource clean(GenericKubernetesResource manifest, KindInfo info, String namespace,
                                                 Work work, String clusterName) {
    ObjectNode node = JSON.valueToTree(manifest);
    node.remove("status");
    ObjectNode metadata = node.with("metadata");
    SERVER_METADATA.forEach(metadata::remove);
    if (info.namespaced()) {
      metadata.put("namespace", namespace);
    } else {
      metadata.remove("namespace");
    }
    ObjectNode labels = metadata.has("labels") && metadata.get("labels").isObject()
        ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
    ownershipLabels(work.getMetadata().getNamespace(), work.getMetadata().getName(), clusterName)
        .forEach(labels::put);
    return JSON.convertValue(node, GenericKubernetesResource.class);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Whether every field set in {@code desired} has the same value in {@code actual} (objects: key by key; lists:
   * same length, element by element; scalars: equal, numbers by value). Fields the member added (defaults, status)
   * do not count, so an object the member defaulted is still "as desired".
   *
   * @param desired what the agent wants
   * @param actual what the member has
   * @return true when nothing needs writing
   */
  public static boolean isSubset(JsonNode desired, JsonNode actual) {
    if (desired == null || desired.isNull()) {
      return true;
    }
    if (actual == null || actual.isNull() || actual.isMissingNode()) {
      return desired.isObject() && desired.isEmpty() || desired.isArray() && desired.isEmpty();
    }
    if (desired.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      var fields = desired.fields();
      while (fields.hasNext()) {
        var entry = fields.next();
        if (!isSubset(entry.getValue(), actual.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (desired.isArray()) {
      if (!actual.isArray() || actual.size() != desired.size()) {
        return false;
      }
      for (int i = 0; i < desired.size(); i++) {
        if (!isSubset(desired.get(i), actual.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (desired.isNumber() && actual.isNumber()) {
      return desired.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return desired.equals(actual);
  }
}
