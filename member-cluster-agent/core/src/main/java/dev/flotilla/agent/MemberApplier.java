package dev.flotilla.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.FlotillaApi;
import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The agent's hands in the member cluster. One code path for fabric8's mock server and a real API server: get, then
 * create or update (a PUT with the read resourceVersion, so a concurrent change is a 409 and a retry, never a lost
 * write); no strategic merge, no server-side apply, no JSON merge patch on lists. Objects it applied are found again
 * with equality label selectors only.
 *
 * <p>It keeps an inventory of every kind it ever applied in ConfigMap {@code kube-system/flotilla-applied-kinds},
 * written before the first object of a new kind, so the orphan sweep after a restart still knows where to look.
 */
public final class MemberApplier {

  /** Name of the inventory ConfigMap (namespace {@code kube-system}). */
  public static final String INVENTORY = "flotilla-applied-kinds";

  /** EndpointSlices ({@code discovery.k8s.io/v1}): a Service's ready endpoints are counted over them. */
  static final KindInfo ENDPOINT_SLICES = new KindInfo("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices",
      true);

  private static final Logger LOG = Logger.getLogger(MemberApplier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient member;
  private final String clusterName;
  private final String workNamespace;
  private final Map<String, KindInfo> inventory = new ConcurrentHashMap<>();
  private final Map<String, Optional<List<APIResource>>> discovery = new ConcurrentHashMap<>();
  private volatile boolean inventoryLoaded;
  /**
   * Namespaces known to exist in the member (seen or created by this agent), so that not every apply asks again.
   * Forgotten when a create in one is refused with 404 (someone deleted it), so the next try creates it.
   */
  private final Set<String> knownNamespaces = ConcurrentHashMap.newKeySet();

  /**
   * Hands for one agent.
   *
   * @param member the member cluster
   * @param clusterName the member's name (for the cluster label)
   * @param workNamespace the execution namespace whose Works it applies
   */
  public MemberApplier(KubernetesClient member, String clusterName, String workNamespace) {
    this.member = member;
    this.clusterName = clusterName;
    this.workNamespace = workNamespace;
  }

  /**
   * Finds a kind's plural and scope: from fabric8's built-in model for the kinds it knows, else from the member's
   * discovery, else by the usual pluralisation (assumed namespaced).
   *
   * @return the resolver
   */
  public KindResolver kinds() {
    return this::resolve;
  }

  private Optional<KindInfo> resolve(String apiVersion, String kind) {
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    Class<? extends KubernetesResource> type =
        member.getKubernetesSerialization().getRegisteredKubernetesResource(apiVersion, kind);
    if (type != null && HasMetadata.class.isAssignableFrom(type) && type != GenericKubernetesResource.class) {
      return Optional.of(new KindInfo(group, version, kind, HasMetadata.getPlural(type),
          Namespaced.class.isAssignableFrom(type)));
    }
    Optional<List<APIResource>> served = discovery.computeIfAbsent(apiVersion, this::discover);
    if (served.isPresent()) {
      for (APIResource resource : served.get()) {
        if (kind.equals(resource.getKind()) && resource.getName() != null && !resource.getName().contains("/")) {
          return Optional.of(new KindInfo(group, version, kind, resource.getName(),
              Boolean.TRUE.equals(resource.getNamespaced())));
        }
      }
    }
    return Optional.of(new KindInfo(group, version, kind, Pluralize.toPlural(kind.toLowerCase()), true));
  }

  private Optional<List<APIResource>> discover(String apiVersion) {
    try {
      APIResourceList list = member.getApiResources(apiVersion);
      return list == null || list.getResources() == null ? Optional.empty() : Optional.of(list.getResources());
    } catch (RuntimeException e) {
      return Optional.empty(); // servers without discovery (the mock) fall back to pluralisation
    }
  }

  /**
   * Records kinds in the inventory before anything of them is applied.
   *
   * @param kinds the kinds about to be applied
   * @throws KubernetesClientException when the inventory cannot be written
   */
  public synchronized void remember(List<KindInfo> kinds) {
    loadInventory();
    Map<String, String> added = new LinkedHashMap<>();
    for (KindInfo kind : kinds) {
      if (!inventory.containsKey(kind.resource())) {
        added.put(kind.resource(), kind.encode());
      }
    }
    if (added.isEmpty()) {
      return;
    }
    var maps = member.configMaps().inNamespace(MemberIdentity.NAMESPACE);
    ConfigMap current = maps.withName(INVENTORY).get();
    if (current == null) {
      ensureNamespace(MemberIdentity.NAMESPACE);
      maps.resource(new ConfigMapBuilder().withNewMetadata().withName(INVENTORY)
          .withNamespace(MemberIdentity.NAMESPACE)
          .addToLabels(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE).endMetadata()
          .addToData(added).build()).create();
    } else {
      Map<String, String> data = current.getData() == null ? new HashMap<>() : new HashMap<>(current.getData());
      data.putAll(added);
      current.setData(data);
      maps.resource(current).update();
    }
    added.forEach((key, value) -> inventory.put(key, KindInfo.decode(value)));
  }

  /**
   * The kinds this member has ever had applied by an agent.
   *
   * @return the inventory
   */
  public synchronized List<KindInfo> inventory() {
    loadInventory();
    return List.copyOf(inventory.values());
  }

  private void loadInventory() {
    if (inventoryLoaded) {
      return;
    }
    ConfigMap map = member.configMaps().inNamespace(MemberIdentity.NAMESPACE).withName(INVENTORY).get();
    if (map != null && map.getData() != null) {
      map.getData().forEach((key, value) -> {
        KindInfo kind = KindInfo.decode(value);
        if (kind != null) {
          inventory.put(key, kind);
        }
      });
    }
    inventoryLoaded = true;
  }

  /**
   * Creates a namespace unless it exists. It is labelled managed-by Flotilla but with no Work, so no sweep ever
   * deletes it (other things may live there).
   *
   * @param name the namespace
   */
  public void ensureNamespace(String name) {
    if (knownNamespaces.contains(name)) {
      return;
    }
    if (member.namespaces().withName(name).get() != null) {
      knownNamespaces.add(name);
      return;
    }
    Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE).endMetadata().build();
    try {
      member.namespaces().resource(namespace).create();
      LOG.infof("agent %s: created namespace %s in the member", clusterName, name);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    knownNamespaces.add(name);
  }

  /**
   * Applies one manifest: creates it, or updates it when some desired field differs from the member's object.
   *
   * @param desired the rendered manifest
   * @param workName the Work it belongs to
   * @return the object as the member now has it
   * @throws ApplyException when the member refuses it or the object belongs to someone else
   * @throws KubernetesClientException when the member cannot be reached
   */
  public GenericKubernetesResource apply(ManifestRenderer.Desired desired, String workName) {
    return apply(desired, workName, true);
  }

  /**
   * Applies one manifest, as {@link #apply(ManifestRenderer.Desired, String)}. When the agent has no record of the
   * object ({@code mayExist} false: it never applied it, nor found it among what it applied), it creates first and
   * reads only if the member says the object exists: one request instead of two for every new manifest, which is
   * most of what a new Work brings (a member API server answers each request by looking at what it stores).
   *
   * @param desired the rendered manifest
   * @param workName the Work it belongs to
   * @param mayExist whether the object may already be in the member
   * @return the object as the member now has it
   */
  public GenericKubernetesResource apply(ManifestRenderer.Desired desired, String workName, boolean mayExist) {
    if (!mayExist) {
      try {
        return operation(desired.kind(), desired.ref()).resource(desired.object()).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw refusal(desired, e);
        }
        // It exists after all (someone else's, or applied before this agent kept a record): look at it below.
      }
    }
    Resource<GenericKubernetesResource> resource = resource(desired.kind(), desired.ref());
    GenericKubernetesResource current = resource.get();
    try {
      if (current == null) {
        return operation(desired.kind(), desired.ref()).resource(desired.object()).create();
      }
      String owner = ownerOf(current);
      String wanted = ManifestRenderer.workLabelValue(workName);
      if (owner == null) {
        throw new ApplyException(desired.ref() + " already exists in the member and was not created by Flotilla; "
            + "refusing to take it over (delete it or rename the manifest)");
      }
      if (!owner.isEmpty() && !owner.equals(wanted)) {
        throw new ApplyException(desired.ref() + " is already applied by Work " + owner + " in " + workNamespace);
      }
      JsonNode currentJson = JSON.valueToTree(current);
      JsonNode desiredJson = JSON.valueToTree(desired.object());
      if (ManifestRenderer.isSubset(desiredJson, currentJson)) {
        return current;
      }
      return operation(desired.kind(), desired.ref()).resource(merged(currentJson, desiredJson)).update();
    } catch (KubernetesClientException e) {
      throw refusal(desired, e);
    }
  }

  /**
   * What a failed write means: a 404 on a namespaced object is its namespace gone (forgotten, so the next try
   * creates it; retried like an unreachable member); other 4xx but conflicts and throttling are the member
   * refusing the manifest ({@link ApplyException}); the rest is retried.
   */
  private RuntimeException refusal(ManifestRenderer.Desired desired, KubernetesClientException e) {
    if (e.getCode() == 404 && desired.ref().namespace() != null) {
      knownNamespaces.remove(desired.ref().namespace());
      return e;
    }
    if (e.getCode() >= 400 && e.getCode() != 409 && e.getCode() != 429 && e.getCode() < 500) {
      return new ApplyException(desired.ref() + " was rejected by the member: "
          + MemberErrors.describe(e, java.time.Duration.ZERO), e);
    }
    return e;
  }

  /**
   * Who applied an object: the work-name label value when it carries all of this agent's ownership labels, an
   * empty string when it is Flotilla's but belongs to no Work (a namespace the agent created), null when it is not
   * Flotilla's (or another execution namespace's).
   */
  private String ownerOf(GenericKubernetesResource object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    if (labels == null || !FlotillaApi.MANAGED_BY_VALUE.equals(labels.get(FlotillaApi.LABEL_MANAGED_BY))) {
      return null;
    }
    String namespace = labels.get(FlotillaApi.LABEL_WORK_NAMESPACE);
    String work = labels.get(FlotillaApi.LABEL_WORK_NAME);
    if (namespace == null && work == null) {
      return "";
    }
    return workNamespace.equals(namespace) ? work : null;
  }

  private GenericKubernetesResource merged(JsonNode current, JsonNode desired) {
    ObjectNode merged = ((ObjectNode) current).deepCopy();
    var fields = desired.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      switch (field.getKey()) {
        case "apiVersion", "kind", "status" -> { }
        case "metadata" -> {
          ObjectNode metadata = merged.with("metadata");
          for (String map : List.of("labels", "annotations")) {
            JsonNode wanted = field.getValue().get(map);
            if (wanted != null && wanted.isObject()) {
              ObjectNode target = metadata.has(map) && metadata.get(map).isObject()
                  ? (ObjectNode) metadata.get(map) : metadata.putObject(map);
              target.setAll((ObjectNode) wanted);
            }
          }
          JsonNode finalizers = field.getValue().get("finalizers");
          if (finalizers != null) {
            metadata.set("finalizers", finalizers);
          }
        }
        default -> merged.set(field.getKey(), field.getValue());
      }
    }
    return JSON.convertValue(merged, GenericKubernetesResource.class);
  }

  /**
   * Reads an object.
   *
   * @param kind its kind
   * @param ref its identity
   * @return the object, or empty when absent
   */
  public Optional<GenericKubernetesResource> get(KindInfo kind, ObjectRef ref) {
    return Optional.ofNullable(resource(kind, ref).get());
  }

  /**
   * Deletes an object this agent applied for a Work, after checking (with a fresh read) that it still carries that
   * Work's labels: nothing else is ever deleted.
   *
   * @param kind its kind
   * @param ref its identity
   * @param workLabel the work-name label value it must carry
   * @return true if it was deleted
   */
  public boolean deleteOwned(KindInfo kind, ObjectRef ref, String workLabel) {
    Resource<GenericKubernetesResource> resource = resource(kind, ref);
    GenericKubernetesResource current = resource.get();
    if (current == null || !workLabel.equals(ownerOf(current))) {
      return false;
    }
    resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    LOG.infof("agent %s: deleted %s from the member (no longer in Work %s/%s)", clusterName, ref, workNamespace,
        workLabel);
    return true;
  }

  /**
   * Lists everything applied for this execution namespace, over every kind of the inventory, with equality label
   * selectors ({@code managed-by=flotilla, work-namespace=<ns>}).
   *
   * @return work-name label value to the objects applied for it
   * @throws KubernetesClientException when the member cannot be listed (the caller then deletes nothing)
   */
  public Map<String, Map<ObjectRef, KindInfo>> listApplied() {
    Map<String, String> selector = Map.of(FlotillaApi.LABEL_MANAGED_BY, FlotillaApi.MANAGED_BY_VALUE,
        FlotillaApi.LABEL_WORK_NAMESPACE, workNamespace);
    Map<String, Map<ObjectRef, KindInfo>> applied = new HashMap<>();
    for (KindInfo kind : inventory()) {
      MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
          member.genericKubernetesResources(kind.context());
      List<GenericKubernetesResource> items = kind.namespaced()
          ? op.inAnyNamespace().withLabels(selector).list().getItems()
          : op.withLabels(selector).list().getItems();
      for (GenericKubernetesResource item : items) {
        Map<String, String> labels = item.getMetadata().getLabels();
        // Re-check: a server that ignored the selector must not make us delete what is not ours.
        if (labels == null || !workNamespace.equals(labels.get(FlotillaApi.LABEL_WORK_NAMESPACE))
            || !FlotillaApi.MANAGED_BY_VALUE.equals(labels.get(FlotillaApi.LABEL_MANAGED_BY))
            || labels.get(FlotillaApi.LABEL_WORK_NAME) == null) {
          continue;
        }
        ObjectRef ref = new ObjectRef(kind.group(), kind.kind(), item.getMetadata().getNamespace(),
            item.getMetadata().getName());
        applied.computeIfAbsent(labels.get(FlotillaApi.LABEL_WORK_NAME), w -> new HashMap<>()).put(ref, kind);
      }
    }
    return applied;
  }

  /**
   * Counts a Service's ready endpoints over its EndpointSlices (label {@code kubernetes.io/service-name}).
   *
   * @param namespace the Service's namespace
   * @param service its name
   * @return ready endpoints; 0 when the member keeps no EndpointSlices
   */
  public int readyEndpoints(String namespace, String service) {
    List<JsonNode> items = new ArrayList<>();
    for (GenericKubernetesResource slice : member.genericKubernetesResources(ENDPOINT_SLICES.context())
        .inNamespace(namespace)
        .withLabel("kubernetes.io/service-name", service).list().getItems()) {
      items.add(JSON.valueToTree(slice));
    }
    return ManifestHealth.readyEndpoints(items);
  }

  /**
   * Watches of what this agent applies in the member, one per kind, with the same ownership labels it applies
   * (none starts before {@link MemberWatches#watch}).
   *
   * @param onChange receives the work-name label value of a Work whose member-side objects changed; must not block
   * @return the watches (the caller closes them)
   */
  public MemberWatches watchApplied(Consumer<String> onChange) {
    return new MemberWatches(member, clusterName, workNamespace, onChange);
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> operation(KindInfo kind, ObjectRef ref) {
    var op = member.genericKubernetesResources(kind.context());
    return kind.namespaced() ? op.inNamespace(ref.namespace()) : op;
  }

  private Resource<GenericKubernetesResource> resource(KindInfo kind, ObjectRef ref) {
    var op = member.genericKubernetesResources(kind.context());
    return kind.namespaced() ? op.inNamespace(ref.namespace()).withName(ref.name()) : op.withName(ref.name());
  }

  /** The member refused a manifest, or it belongs to someone else: reported on the Work, not retried at once. */
  public static final class ApplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ApplyException(String message) {
      super(message);
    }

    ApplyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public String toString() {
    return "MemberApplier{" + clusterName + ", " + workNamespace + "}";
  }
}
