package dev.flotilla.apimachinery.openapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flotilla.apimachinery.registry.ResourceType;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresources;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads {@code apiextensions.k8s.io/v1} CustomResourceDefinition YAML (as fabric8's crd-generator writes it to
 * {@code META-INF/fabric8/<plural>.<group>-v1.yml}) into {@link CustomKind}s: one per served version, with the
 * REST names, scope, short names, categories, printer columns, status and scale subresources, and the
 * version's {@code openAPIV3Schema}.
 */
public final class CrdLoader {

    /** Where fabric8's crd-generator puts the CRDs inside a jar. */
    public static final String CLASSPATH_FOLDER = "META-INF/fabric8";

    private static final String SUFFIX = "-v1.yml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CrdLoader() {
    }

    /**
     * Every CRD under {@code META-INF/fabric8/*-v1.yml} visible to the class loader, in jars or folders,
     * read in resource-name order; a CRD name seen twice is read once (the first occurrence wins).
     */
    public static List<CustomKind> fromClasspath(ClassLoader classLoader) {
        Map<String, URL> files = new TreeMap<>();
        try {
            Enumeration<URL> roots = classLoader.getResources(CLASSPATH_FOLDER);
            while (roots.hasMoreElements()) {
                listCrdFiles(roots.nextElement(), files);
            }
        } catch (IOException e) {
            throw new CrdLoadException("cannot list " + CLASSPATH_FOLDER + " on the class path: " + e.getMessage(), e);
        }
        Map<String, List<CustomKind>> byCrd = new LinkedHashMap<>();
        for (Map.Entry<String, URL> file : files.entrySet()) {
            try (InputStream in = file.getValue().openStream()) {
                for (CustomKind kind : parse(in, file.getKey())) {
                    byCrd.computeIfAbsent(kind.crdName(), n -> new ArrayList<>());
                    if (byCrd.get(kind.crdName()).stream().noneMatch(k -> k.type().version().equals(kind.type().version()))) {
                        byCrd.get(kind.crdName()).add(kind);
                    }
                }
            } catch (IOException e) {
                throw new CrdLoadException("cannot read " + file.getKey() + ": " + e.getMessage(), e);
            }
        }
        return byCrd.values().stream().flatMap(List::stream).toList();
    }

    /**
     * The CRDs in the named class path resources (e.g. {@code META-INF/fabric8/clusters.flotilla.dev-v1.yml}),
     * for class loaders that cannot list folders.
     *
     * @throws CrdLoadException when a resource is missing or invalid
     */
    public static List<CustomKind> fromResources(ClassLoader classLoader, List<String> resourceNames) {
        List<CustomKind> kinds = new ArrayList<>();
        for (String name : resourceNames) {
            try (InputStream in = classLoader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new CrdLoadException("CRD resource " + name + " is not on the class path");
                }
                kinds.addAll(parse(in, name));
            } catch (IOException e) {
                throw new CrdLoadException("cannot read " + name + ": " + e.getMessage(), e);
            }
        }
        return kinds;
    }

    /** The kinds of every CRD document in a YAML string ({@code ---}-separated documents allowed). */
    public static List<CustomKind> parse(String yaml, String source) {
        return parse(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), source);
    }

    /**
     * The kinds of every CRD document in a YAML stream.
     *
     * @param source names the input in error messages (a file or resource name)
     * @throws CrdLoadException naming the source and the offending field
     */
    public static List<CustomKind> parse(InputStream yaml, String source) {
        List<CustomKind> kinds = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isMissingNode()
                        || (document.isObject() && document.isEmpty())) {
                    continue;
                }
                kinds.addAll(toKinds(document, source));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CrdLoadException loadException) {
                throw loadException;
            }
            throw new CrdLoadException(source + ": not a readable YAML CustomResourceDefinition: " + e.getMessage(), e);
        }
        return kinds;
    }

    private static List<CustomKind> toKinds(JsonNode document, String source) throws IOException {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        if (!"apiextensions.k8s.io/v1".equals(apiVersion) || !"CustomResourceDefinition".equals(kind)) {
            throw new CrdLoadException(source + ": expected apiVersion apiextensions.k8s.io/v1 and kind "
                    + "CustomResourceDefinition, got apiVersion \"" + apiVersion + "\" and kind \"" + kind + "\"");
        }
        CustomResourceDefinition crd = YAML.treeToValue(document, CustomResourceDefinition.class);
        String crdName = crd.getMetadata() == null ? null : crd.getMetadata().getName();
        String where = source + " (" + (crdName == null ? "unnamed CRD" : crdName) + ")";
        CustomResourceDefinitionSpec spec = require(crd.getSpec(), where, "spec");
        String group = requireText(spec.getGroup(), where, "spec.group");
        CustomResourceDefinitionNames names = require(spec.getNames(), where, "spec.names");
        String plural = requireText(names.getPlural(), where, "spec.names.plural");
        String kindName = requireText(names.getKind(), where, "spec.names.kind");
        String scope = requireText(spec.getScope(), where, "spec.scope");
        if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
            throw new CrdLoadException(where + ": spec.scope must be Namespaced or Cluster, got \"" + scope + "\"");
        }
        String singular = names.getSingular() == null || names.getSingular().isEmpty()
                ? kindName.toLowerCase(java.util.Locale.ROOT) : names.getSingular();
        List<CustomResourceDefinitionVersion> versions = spec.getVersions();
        if (versions == null || versions.isEmpty()) {
            throw new CrdLoadException(where + ": spec.versions must list at least one version");
        }
        List<CustomKind> kinds = new ArrayList<>();
        JsonNode versionNodes = document.path("spec").path("versions");
        for (int i = 0; i < versions.size(); i++) {
            CustomResourceDefinitionVersion version = versions.get(i);
            String versionName = requireText(version.getName(), where, "spec.versions[" + i + "].name");
            if (Boolean.FALSE.equals(version.getServed())) {
                continue;
            }
            CustomResourceSubresources subresources = version.getSubresources();
            boolean status = subresources != null && subresources.getStatus() != null;
            ResourceType.ScaleSubresource scale = null;
            if (subresources != null && subresources.getScale() != null) {
                CustomResourceSubresourceScale s = subresources.getScale();
                String prefix = "spec.versions[" + i + "].subresources.scale.";
                scale = new ResourceType.ScaleSubresource(
                        pointer(requireText(s.getSpecReplicasPath(), where, prefix + "specReplicasPath")),
                        pointer(requireText(s.getStatusReplicasPath(), where, prefix + "statusReplicasPath")),
                        s.getLabelSelectorPath() == null ? null : pointer(s.getLabelSelectorPath()));
            }
            List<ResourceType.PrinterColumn> columns = new ArrayList<>();
            if (version.getAdditionalPrinterColumns() != null) {
                for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
                    String prefix = "spec.versions[" + i + "].additionalPrinterColumns[" + columns.size() + "].";
                    columns.add(new ResourceType.PrinterColumn(
                            requireText(column.getName(), where, prefix + "name"),
                            requireText(column.getType(), where, prefix + "type"),
                            column.getFormat(), column.getDescription(),
                            requireText(column.getJsonPath(), where, prefix + "jsonPath"),
                            column.getPriority() == null ? 0 : column.getPriority()));
                }
            }
            ResourceType type = new ResourceType(group, versionName, kindName, plural, singular,
                    scope.equals("Namespaced"),
                    names.getShortNames() == null ? List.of() : List.copyOf(names.getShortNames()),
                    names.getCategories() == null ? List.of() : List.copyOf(names.getCategories()),
                    status, scale, false, Collections.unmodifiableList(columns));
            JsonNode schema = versionNodes.path(i).path("schema").get("openAPIV3Schema");
            kinds.add(new CustomKind(crdName == null ? plural + "." + group : crdName, type,
                    schema == null ? null : schema.deepCopy(), Boolean.TRUE.equals(version.getStorage())));
        }
        return kinds;
    }

    /** A CRD's simple JSONPath ({@code .spec.replicas}) as the JSON pointer the registry uses. */
    static String pointer(String jsonPath) {
        String path = jsonPath.startsWith(".") ? jsonPath.substring(1) : jsonPath;
        return "/" + path.replace("~", "~0").replace("/", "~1").replace('.', '/');
    }

    private static <T> T require(T value, String where, String field) {
        if (value == null) {
            throw new CrdLoadException(where + ": " + field + " is required");
        }
        return value;
    }

    private static String requireText(String value, String where, String field) {
        if (value == null || value.isBlank()) {
            throw new CrdLoadException(where + ": " + field + " is required");
        }
        return value;
    }

    private static void listCrdFiles(URL folder, Map<String, URL> files) throws IOException {
        if ("file".equals(folder.getProtocol())) {
            File dir;
            try {
                dir = new File(folder.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("bad folder URL " + folder, e);
            }
            File[] children = dir.listFiles((d, name) -> name.endsWith(SUFFIX));
            if (children != null) {
                for (File child : children) {
                    files.putIfAbsent(CLASSPATH_FOLDER + "/" + child.getName() + " [" + dir + "]", child.toURI().toURL());
                }
            }
        } else if ("jar".equals(folder.getProtocol())) {
            URLConnection connection = folder.openConnection();
            if (connection instanceof JarURLConnection jarConnection) {
                jarConnection.setUseCaches(false);
                try (JarFile jar = jarConnection.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String entry = entries.nextElement().getName();
                        if (entry.startsWith(CLASSPATH_FOLDER + "/") && entry.endsWith(SUFFIX)
                                && entry.indexOf('/', CLASSPATH_FOLDER.length() + 1) < 0) {
                            String base = folder.toString();
                            base = base.substring(0, base.indexOf("!/") + 2);
                            files.putIfAbsent(entry + " [" + jar.getName() + "]", new URL(base + entry));
                        }
                    }
                }
            }
        } else {
            throw new CrdLoadException("cannot list CRDs in " + folder + ": unsupported URL protocol "
                    + folder.getProtocol() + "; name the files with fromResources(ClassLoader, List) instead");
        }
    }
}
