package dev.flotilla.api.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.ClusterOverridePolicy;
import dev.flotilla.api.v1alpha1.ClusterPropagationPolicy;
import dev.flotilla.api.v1alpha1.ClusterResourceBinding;
import dev.flotilla.api.v1alpha1.OverridePolicy;
import dev.flotilla.api.v1alpha1.PlacementPreview;
import dev.flotilla.api.v1alpha1.PropagationPolicy;
import dev.flotilla.api.v1alpha1.ResourceBinding;
import dev.flotilla.api.v1alpha1.DNSRecordSet;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one entry point for validating Flotilla objects, Kubernetes-style: every call returns the full list of
 * {@link FieldError}s (empty when valid) and never throws on bad input.
 *
 * <ul>
 *   <li>{@link #validate(String, JsonNode)}: for the server's generic path: checks apiVersion/kind, converts the
 *       JSON to the typed class (type mismatches become field errors) and validates it;</li>
 *   <li>{@link #validate(HasMetadata)} and the typed overloads: metadata, spec and status rules of each kind;</li>
 *   <li>{@link #validateUpdate(HasMetadata, HasMetadata)}: the above plus immutable fields;</li>
 *   <li>{@link #unknownFields(String, JsonNode)}: the fields a typed round trip would drop, for strict field
 *       validation.</li>
 * </ul>
 */
public final class FlotillaValidation {

  private static final Map<String, Class<? extends HasMetadata>> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put(FlotillaApi.KIND_CLUSTER, Cluster.class);
    TYPES.put(FlotillaApi.KIND_PROPAGATION_POLICY, PropagationPolicy.class);
    TYPES.put(FlotillaApi.KIND_CLUSTER_PROPAGATION_POLICY, ClusterPropagationPolicy.class);
    TYPES.put(FlotillaApi.KIND_OVERRIDE_POLICY, OverridePolicy.class);
    TYPES.put(FlotillaApi.KIND_CLUSTER_OVERRIDE_POLICY, ClusterOverridePolicy.class);
    TYPES.put(FlotillaApi.KIND_RESOURCE_BINDING, ResourceBinding.class);
    TYPES.put(FlotillaApi.KIND_CLUSTER_RESOURCE_BINDING, ClusterResourceBinding.class);
    TYPES.put(FlotillaApi.KIND_WORK, Work.class);
    TYPES.put(FlotillaApi.KIND_PLACEMENT_PREVIEW, PlacementPreview.class);
    TYPES.put(FlotillaApi.KIND_DNS_RECORD_SET, DNSRecordSet.class);
  }

  /** Strict about JSON types (no "3" for 3, no 3 for "3"), lenient about unknown fields (they are pruned). */
  private static final ObjectMapper MAPPER = strictMapper();

  private FlotillaValidation() {
  }

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper = JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .build();
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  /**
   * The Java class of a Flotilla kind.
   *
   * @param kind a kind name, e.g. {@code Cluster}
   * @return the class, or empty for a kind that is not Flotilla's
   */
  public static Optional<Class<? extends HasMetadata>> typeOf(String kind) {
    return Optional.ofNullable(TYPES.get(kind));
  }

  /**
   * Converts JSON to the typed object of a kind, strictly as {@link #validate(String, JsonNode)} does.
   *
   * @param kind the kind
   * @param object the JSON object
   * @param <T> the type
   * @return the typed object
   * @throws IllegalArgumentException if the kind is unknown or the JSON does not fit the type (call
   *     {@link #validate(String, JsonNode)} first to get field errors instead)
   */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> T convert(String kind, JsonNode object) {
    Class<? extends HasMetadata> type = typeOf(kind)
        .orElseThrow(() -> new IllegalArgumentException("not a Flotilla kind: " + kind));
    try {
      return (T) MAPPER.treeToValue(object, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /**
   * Validates a Flotilla object given as JSON (the server's generic path): apiVersion must be
   * {@code flotilla.dev/v1alpha1}, kind must match, every field must have the right JSON type, then the kind's
   * rules apply.
   *
   * @param kind the kind the request is for, e.g. from the URL's resource
   * @param object the request body as JSON
   * @return the errors, empty when valid
   */
  public static List<FieldError> validate(String kind, JsonNode object) {
    return validate(kind, object, null);
  }

  /**
   * Validates a Flotilla object given as JSON, as {@link #validate(String, JsonNode)}, and, for an update, the
   * fields that may not change (see {@link #validateUpdate}). The object is converted once; the stored one only
   * for kinds with immutable fields. (Every agent status report is an update of a Work: converting it, manifests
   * included, three times was a measurable part of the server's work.)
   *
   * @param kind the kind the request is for
   * @param object the request body as JSON
   * @param previous the stored object for an update, {@code null} for a create
   * @return the errors, empty when valid
   */
  public static List<FieldError> validate(String kind, JsonNode object, JsonNode previous) {
    List<FieldError> errors = new ArrayList<>();
    Class<? extends HasMetadata> type = TYPES.get(kind);
    if (type == null) {
      errors.add(FieldError.notSupported(FieldPath.root("kind"), kind, FlotillaApi.KINDS));
      return errors;
    }
    if (object == null || !object.isObject()) {
      errors.add(FieldError.invalid(FieldPath.root("<body>"), object == null ? null : object.getNodeType().name(),
          "must be a JSON object"));
      return errors;
    }
    JsonNode apiVersion = object.get("apiVersion");
    if (apiVersion == null || apiVersion.isNull() || apiVersion.asText().isEmpty()) {
      errors.add(FieldError.required(FieldPath.root("apiVersion"), ""));
    } else if (!FlotillaApi.API_VERSION.equals(apiVersion.asText())) {
      errors.add(FieldError.notSupported(FieldPath.root("apiVersion"), apiVersion.asText(),
          List.of(FlotillaApi.API_VERSION)));
    }
    JsonNode kindNode = object.get("kind");
    if (kindNode == null || kindNode.isNull() || kindNode.asText().isEmpty()) {
      errors.add(FieldError.required(FieldPath.root("kind"), ""));
    } else if (!kind.equals(kindNode.asText())) {
      errors.add(FieldError.invalid(FieldPath.root("kind"), kindNode.asText(), "must be " + kind));
    }
    HasMetadata typed;
    try {
      typed = MAPPER.treeToValue(object, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      errors.add(conversionError(e, object));
      return errors;
    }
    errors.addAll(validate(typed));
    if (errors.isEmpty() && previous != null && hasImmutableFields(typed)) {
      errors.addAll(immutableFieldErrors(typed, convert(kind, previous)));
    }
    return errors;
  }

  private static boolean hasImmutableFields(HasMetadata object) {
    return object instanceof Cluster || object instanceof ResourceBinding || object instanceof ClusterResourceBinding;
  }

  /**
   * Validates any Flotilla object by its class.
   *
   * @param object the object
   * @return the errors, empty when valid
   * @throws IllegalArgumentException if the object is not of a Flotilla kind (a programming error)
   */
  public static List<FieldError> validate(HasMetadata object) {
    Objects.requireNonNull(object, "object");
    if (object instanceof Cluster o) {
      return validate(o);
    } else if (object instanceof PropagationPolicy o) {
      return validate(o);
    } else if (object instanceof ClusterPropagationPolicy o) {
      return validate(o);
    } else if (object instanceof OverridePolicy o) {
      return validate(o);
    } else if (object instanceof ClusterOverridePolicy o) {
      return validate(o);
    } else if (object instanceof ResourceBinding o) {
      return validate(o);
    } else if (object instanceof ClusterResourceBinding o) {
      return validate(o);
    } else if (object instanceof Work o) {
      return validate(o);
    } else if (object instanceof PlacementPreview o) {
      return validate(o);
    } else if (object instanceof DNSRecordSet o) {
      return validate(o);
    }
    throw new IllegalArgumentException("not a Flotilla kind: " + object.getClass().getName());
  }

  /**
   * Validates a Cluster: name a DNS-1123 label of at most 51 characters; sync mode, endpoint (required for Push),
   * taints; status conditions, node counts and quantities.
   *
   * @param cluster the object
   * @return the errors
   */
  public static List<FieldError> validate(Cluster cluster) {
    Checks c = meta(cluster.getMetadata(), false, NameValidation.DNS1123_LABEL_NAME);
    KindValidation.clusterName(c, name(cluster.getMetadata()));
    KindValidation.clusterSpec(c, cluster.getSpec());
    KindValidation.clusterStatus(c, cluster.getStatus());
    return c.errors();
  }

  /**
   * Validates a PropagationPolicy: resource selectors (at least one, none naming another namespace), placement,
   * failover, enums.
   *
   * @param policy the object
   * @return the errors
   */
  public static List<FieldError> validate(PropagationPolicy policy) {
    Checks c = meta(policy.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN_NAME);
    KindValidation.propagationSpec(c, policy.getSpec(), namespaceOf(policy.getMetadata()));
    KindValidation.policyStatus(c, policy.getStatus());
    return c.errors();
  }

  /**
   * Validates a ClusterPropagationPolicy (as a PropagationPolicy, selectors may name any namespace).
   *
   * @param policy the object
   * @return the errors
   */
  public static List<FieldError> validate(ClusterPropagationPolicy policy) {
    Checks c = meta(policy.getMetadata(), false, NameValidation.DNS1123_SUBDOMAIN_NAME);
    KindValidation.propagationSpec(c, policy.getSpec(), null);
    KindValidation.policyStatus(c, policy.getStatus());
    return c.errors();
  }

  /**
   * Validates an OverridePolicy: selectors, and each rule's target and overriders.
   *
   * @param policy the object
   * @return the errors
   */
  public static List<FieldError> validate(OverridePolicy policy) {
    Checks c = meta(policy.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN_NAME);
    KindValidation.overrideSpec(c, policy.getSpec(), namespaceOf(policy.getMetadata()));
    KindValidation.policyStatus(c, policy.getStatus());
    return c.errors();
  }

  /**
   * Validates a ClusterOverridePolicy.
   *
   * @param policy the object
   * @return the errors
   */
  public static List<FieldError> validate(ClusterOverridePolicy policy) {
    Checks c = meta(policy.getMetadata(), false, NameValidation.DNS1123_SUBDOMAIN_NAME);
    KindValidation.overrideSpec(c, policy.getSpec(), null);
    KindValidation.policyStatus(c, policy.getStatus());
    return c.errors();
  }

  /**
   * Validates a ResourceBinding: the resource reference (in the binding's namespace), replicas, requests, target
   * clusters (unique names, replicas at least 0), placement; status.
   *
   * @param binding the object
   * @return the errors
   */
  public static List<FieldError> validate(ResourceBinding binding) {
    Checks c = meta(binding.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN_NAME);
    KindValidation.bindingSpec(c, binding.getSpec(), namespaceOf(binding.getMetadata()), false);
    KindValidation.bindingStatus(c, binding.getStatus());
    return c.errors();
  }

  /**
   * Validates a ClusterResourceBinding (its resource has no namespace).
   *
   * @param binding the object
   * @return the errors
   */
  public static List<FieldError> validate(ClusterResourceBinding binding) {
    Checks c = meta(binding.getMetadata(), false, NameValidation.DNS1123_SUBDOMAIN_NAME);
    KindValidation.bindingSpec(c, binding.getSpec(), null, true);
    KindValidation.bindingStatus(c, binding.getStatus());
    return c.errors();
  }

  /**
   * Validates a Work: it lives in an execution namespace; each manifest has apiVersion, kind and metadata.name;
   * status.
   *
   * @param work the object
   * @return the errors
   */
  public static List<FieldError> validate(Work work) {
    Checks c = meta(work.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN_NAME);
    KindValidation.workNamespace(c, namespaceOf(work.getMetadata()));
    KindValidation.workSpec(c, work.getSpec());
    KindValidation.workStatus(c, work.getStatus());
    return c.errors();
  }

  /**
   * Validates a PlacementPreview: replicas required and 0..1000000, mode, placement, hypothetical clusters and
   * current assignment. A name is optional (review-style); when given it must be a DNS-1123 subdomain.
   *
   * @param preview the object
   * @return the errors
   */
  public static List<FieldError> validate(PlacementPreview preview) {
    Checks c = new Checks();
    ObjectMeta meta = preview.getMetadata();
    if (meta != null && (notEmpty(meta.getName()) || notEmpty(meta.getGenerateName()))) {
      c.addAll(MetadataValidation.validateObjectMeta(meta, false, NameValidation.DNS1123_SUBDOMAIN_NAME));
    } else if (meta != null) {
      c.addAll(MetadataValidation.validateLabels(meta.getLabels(), FieldPath.root("metadata").child("labels")));
      if (notEmpty(meta.getNamespace())) {
        c.add(FieldError.forbidden(FieldPath.root("metadata").child("namespace"), "not allowed on this type"));
      }
    }
    KindValidation.previewSpec(c, preview.getSpec());
    return c.errors();
  }

  /**
   * Validates a DNSRecordSet: name a DNS-1123 label (a Service's name); spec.service required; each record set has
   * a DNS name, a supported type, at least one target and a non-negative TTL.
   *
   * @param recordSet the object
   * @return the errors
   */
  public static List<FieldError> validate(DNSRecordSet recordSet) {
    Checks c = meta(recordSet.getMetadata(), true, NameValidation.DNS1123_LABEL_NAME);
    KindValidation.dnsRecordSetSpec(c, recordSet.getSpec());
    return c.errors();
  }

  /**
   * Validates an update: everything {@link #validate(HasMetadata)} checks, plus fields that may not change — a
   * Cluster's {@code spec.id} once set, a binding's {@code spec.resource} apiVersion, kind, namespace and name.
   *
   * @param updated the new object
   * @param old the stored object
   * @return the errors
   */
  public static List<FieldError> validateUpdate(HasMetadata updated, HasMetadata old) {
    List<FieldError> errors = new ArrayList<>(validate(updated));
    errors.addAll(immutableFieldErrors(updated, old));
    return errors;
  }

  /** The fields an update changed that may not change; see {@link #validateUpdate}. */
  private static List<FieldError> immutableFieldErrors(HasMetadata updated, HasMetadata old) {
    List<FieldError> errors = new ArrayList<>();
    if (updated instanceof Cluster n && old instanceof Cluster o) {
      String oldId = o.getSpec() == null ? null : o.getSpec().getId();
      String newId = n.getSpec() == null ? null : n.getSpec().getId();
      if (notEmpty(oldId) && !oldId.equals(newId)) {
        errors.add(FieldError.invalid(FieldPath.root("spec").child("id"), newId, "field is immutable"));
      }
    }
    dev.flotilla.api.v1alpha1.ResourceReference oldRef = resourceOf(old);
    dev.flotilla.api.v1alpha1.ResourceReference newRef = resourceOf(updated);
    if (oldRef != null && newRef != null) {
      FieldPath p = FieldPath.root("spec").child("resource");
      immutable(errors, p.child("apiVersion"), oldRef.getApiVersion(), newRef.getApiVersion());
      immutable(errors, p.child("kind"), oldRef.getKind(), newRef.getKind());
      immutable(errors, p.child("namespace"), oldRef.getNamespace(), newRef.getNamespace());
      immutable(errors, p.child("name"), oldRef.getName(), newRef.getName());
    }
    return errors;
  }

  /**
   * The fields of a JSON object that its Flotilla type does not declare, as paths like {@code spec.placment}:
   * what Kubernetes' strict field validation calls unknown fields. Fields inside free-form parts (manifests, raw
   * status, plaintext values) and unknown metadata fields kept by fabric8's models are not reported.
   *
   * @param kind the kind
   * @param object the JSON object
   * @return the unknown field paths, empty when none or when the object does not convert at all
   */
  public static List<String> unknownFields(String kind, JsonNode object) {
    List<String> unknown = new ArrayList<>();
    Class<? extends HasMetadata> type = TYPES.get(kind);
    if (type == null || object == null || !object.isObject()) {
      return unknown;
    }
    JsonNode roundTrip;
    try {
      roundTrip = MAPPER.valueToTree(MAPPER.treeToValue(object, type));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return unknown;
    }
    diff(object, roundTrip, "", unknown);
    return unknown;
  }

  private static void diff(JsonNode given, JsonNode kept, String path, List<String> unknown) {
    if (given.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String p = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        JsonNode keptValue = kept == null ? null : kept.get(field.getKey());
        if (keptValue == null) {
          if (!field.getValue().isNull()) {
            unknown.add(p);
          }
        } else {
          diff(field.getValue(), keptValue, p, unknown);
        }
      }
    } else if (given.isArray() && kept != null && kept.isArray()) {
      for (int i = 0; i < given.size() && i < kept.size(); i++) {
        diff(given.get(i), kept.get(i), path + "[" + i + "]", unknown);
      }
    }
  }

  // ---- helpers ----

  private static Checks meta(ObjectMeta meta, boolean namespaced, NameValidation.NameValidator names) {
    Checks c = new Checks();
    c.addAll(MetadataValidation.validateObjectMeta(meta, namespaced, names));
    return c;
  }

  private static String namespaceOf(ObjectMeta meta) {
    return meta == null ? null : meta.getNamespace();
  }

  private static String name(ObjectMeta meta) {
    return meta == null ? null : meta.getName();
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static dev.flotilla.api.v1alpha1.ResourceReference resourceOf(HasMetadata object) {
    if (object instanceof ResourceBinding b && b.getSpec() != null) {
      return b.getSpec().getResource();
    }
    if (object instanceof ClusterResourceBinding b && b.getSpec() != null) {
      return b.getSpec().getResource();
    }
    return null;
  }

  private static void immutable(List<FieldError> errors, FieldPath path, String old, String updated) {
    if (!Objects.equals(old == null ? "" : old, updated == null ? "" : updated)) {
      errors.add(FieldError.invalid(path, updated, "field is immutable"));
    }
  }

  /** Turns a Jackson conversion failure into one field error on the offending path. */
  private static FieldError conversionError(Exception e, JsonNode object) {
    List<JsonMappingException.Reference> refs = e instanceof JsonMappingException jme ? jme.getPath() : List.of();
    FieldPath path = null;
    JsonNode node = object;
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        path = path == null ? FieldPath.root(ref.getFieldName()) : path.child(ref.getFieldName());
        node = node == null ? null : node.get(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path = path == null ? FieldPath.root("[" + ref.getIndex() + "]") : path.index(ref.getIndex());
        node = node == null ? null : node.get(ref.getIndex());
      }
    }
    if (path == null) {
      path = FieldPath.root("<body>");
    }
    Object badValue = node == null ? null : node.isTextual() ? node.textValue() : node.isNumber()
        ? node.numberValue() : node.isBoolean() ? node.booleanValue() : node.toString();
    if (e instanceof InvalidFormatException ife && ife.getValue() != null) {
      badValue = ife.getValue();
    }
    String detail = "cannot be decoded";
    if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
      detail = "must be of type " + jsonTypeName(mie.getTargetType());
    } else if (e instanceof JsonProcessingException jpe && jpe.getOriginalMessage() != null) {
      detail = firstLine(jpe.getOriginalMessage());
    }
    return FieldError.invalid(path, badValue, detail);
  }

  private static String jsonTypeName(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class) {
      return "integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "boolean";
    }
    if (type == String.class) {
      return "string";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "array";
    }
    return "object";
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
