package dev.flotilla.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.flotilla.apimachinery.openapi.CrdLoader;
import dev.flotilla.apimachinery.openapi.CustomKind;
import dev.flotilla.apimachinery.openapi.SchemaCatalog;
import dev.flotilla.apimachinery.registry.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Validates Kubernetes objects against their kinds' schemas, strictly: an unknown field is an error, as with
 * {@code kubectl apply --validate=strict}.
 *
 * <p>Where the schemas come from:
 * <ul>
 *   <li>built-in kinds: the OpenAPI v3 schemas the Flotilla server publishes ({@link SchemaCatalog}), which are
 *       generated from the fabric8 7.5 model classes, themselves generated from Kubernetes' own OpenAPI. No
 *       registry reachable here ships Kubernetes' OpenAPI documents as data (the npm {@code kubernetes-models}
 *       package ships compiled validators; the fabric8 jars ship classes), so this is the best source at hand. It
 *       knows every field and its type, but not which fields are required;</li>
 *   <li>{@code flotilla.dev} kinds: the committed CRDs' {@code openAPIV3Schema} (required fields, enums, patterns
 *       and bounds included), read with the server's own {@link CrdLoader}.</li>
 * </ul>
 * OpenAPI's Kubernetes extensions are turned into JSON Schema 2020-12 for networknt's validator:
 * {@code x-kubernetes-int-or-string} becomes "integer or string", an object schema that lists its properties and
 * neither preserves unknown fields nor declares {@code additionalProperties} allows no other field.
 */
public final class ManifestSchemas {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String REF_PREFIX = "#/components/schemas/";
  /**
   * fabric8's classes for apiextensions' "schema or boolean/array" unions describe their Java shape, not their JSON
   * one; Kubernetes' OpenAPI leaves them untyped, and so does this.
   */
  private static final Set<String> UNTYPED = Set.of("JSONSchemaPropsOrBool", "JSONSchemaPropsOrArray",
      "JSONSchemaPropsOrStringArray");

  private final SchemaCatalog catalog = new SchemaCatalog();
  private final Map<String, ResourceType> customKinds = new HashMap<>();
  private final Map<String, JsonSchema> compiled = new HashMap<>();
  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  /**
   * Schemas for the built-in kinds and for the kinds of the CRDs in a folder.
   *
   * @param crdFolder a folder of CRD YAML files (its kustomization.yaml is skipped)
   * @throws IOException when a CRD cannot be read
   */
  public ManifestSchemas(Path crdFolder) throws IOException {
    try (var files = Files.list(crdFolder)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".yaml") || name.equals("kustomization.yaml")) {
          continue;
        }
        for (CustomKind kind : CrdLoader.parse(Files.readString(file), name)) {
          catalog.register(kind.type(), kind.schema());
          customKinds.put(key(kind.type().apiVersion(), kind.type().kind()), kind.type());
        }
      }
    }
  }

  /**
   * The custom kinds known from the CRD folder.
   *
   * @return {@code apiVersion/kind} keys, e.g. {@code flotilla.dev/v1alpha1/Cluster}
   */
  public Set<String> customKinds() {
    return Set.copyOf(customKinds.keySet());
  }

  /**
   * What is wrong with one object, each message naming the object and the field.
   *
   * @param object a Kubernetes object
   * @return the problems; empty when it is valid
   */
  public List<String> validate(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    String name = kind + " " + object.path("metadata").path("namespace").asText("") + "/"
        + object.path("metadata").path("name").asText("");
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      return List.of(name + ": apiVersion and kind are required");
    }
    JsonSchema schema = compiled.computeIfAbsent(key(apiVersion, kind), k -> compile(apiVersion, kind));
    if (schema == null) {
      return List.of(name + ": no schema for " + apiVersion + " " + kind
          + " (neither a built-in kind fabric8 models nor a kind of the CRD folder)");
    }
    List<String> problems = new ArrayList<>();
    for (ValidationMessage message : schema.validate(object)) {
      problems.add(name + ": " + message.getMessage());
    }
    return problems;
  }

  private JsonSchema compile(String apiVersion, String kind) {
    ResourceType type = customKinds.get(key(apiVersion, kind));
    if (type == null) {
      String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
      type = new ResourceType(group, version, kind, "", "", false, List.of(), List.of(), false, null, true, List.of());
      JsonNode generated = catalog.schema(type);
      if (generated == null || !generated.has("properties")
          || generated.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        return null;
      }
    } else {
      catalog.schema(type);
    }
    String root = catalog.schemaName(type);
    ObjectNode definitions = NODES.objectNode();
    Deque<String> pending = new ArrayDeque<>(List.of(root));
    Map<String, JsonNode> closure = new TreeMap<>();
    while (!pending.isEmpty()) {
      String next = pending.pop();
      if (closure.containsKey(next)) {
        continue;
      }
      JsonNode component = catalog.component(next);
      if (component == null) {
        throw new IllegalStateException("schema " + next + " is referenced but missing");
      }
      closure.put(next, component);
      collectRefs(component, pending);
    }
    closure.forEach((componentName, component) -> definitions.set(componentName,
        untyped(componentName) ? NODES.objectNode() : toJsonSchema(withSchemaKeywords(componentName, component))));
    ObjectNode document = NODES.objectNode();
    document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    document.put("$ref", "#/$defs/" + root);
    document.set("$defs", definitions);
    return factory.getSchema(document);
  }

  /**
   * The generator leaves out every property named {@code additionalProperties} (fabric8 keeps unknown fields
   * under that name); in a CRD's schema it is a real keyword.
   */
  private static JsonNode withSchemaKeywords(String componentName, JsonNode component) {
    if (!componentName.endsWith(".JSONSchemaProps") || !component.path("properties").isObject()) {
      return component;
    }
    ObjectNode copy = component.deepCopy();
    ((ObjectNode) copy.get("properties")).set("additionalProperties", NODES.objectNode());
    return copy;
  }

  private static boolean untyped(String componentName) {
    return UNTYPED.stream().anyMatch(suffix -> componentName.endsWith("." + suffix));
  }

  /** OpenAPI v3 with Kubernetes' extensions, as strict JSON Schema 2020-12 (a copy). */
  static JsonNode toJsonSchema(JsonNode openApi) {
    if (!openApi.isObject()) {
      return openApi;
    }
    ObjectNode schema = ((ObjectNode) openApi).deepCopy();
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.asText().startsWith(REF_PREFIX)) {
      schema.put("$ref", "#/$defs/" + ref.asText().substring(REF_PREFIX.length()));
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      schema.remove("type");
      ArrayNode anyOf = schema.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
    }
    if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
      String type = schema.get("type").asText();
      schema.putArray("type").add(type).add("null");
    }
    JsonNode properties = schema.get("properties");
    if (properties instanceof ObjectNode props) {
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        property.setValue(toJsonSchema(property.getValue()));
      }
      if (!schema.has("additionalProperties")
          && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        schema.put("additionalProperties", false);
      }
    }
    for (String child : List.of("items", "additionalProperties", "not")) {
      if (schema.get(child) instanceof ObjectNode nested) {
        schema.set(child, toJsonSchema(nested));
      }
    }
    for (String list : List.of("allOf", "anyOf", "oneOf")) {
      if (schema.get(list) instanceof ArrayNode members) {
        for (int i = 0; i < members.size(); i++) {
          members.set(i, toJsonSchema(members.get(i)));
        }
      }
    }
    return schema;
  }

  private static void collectRefs(JsonNode node, Deque<String> pending) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith(REF_PREFIX)) {
        pending.push(ref.asText().substring(REF_PREFIX.length()));
      }
      node.elements().forEachRemaining(child -> collectRefs(child, pending));
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, pending));
    }
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "/" + kind;
  }
}
