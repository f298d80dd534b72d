package dev.flotilla.deploy.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.flotilla.api.FlotillaCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code apiextensions.k8s.io/v1} CustomResourceDefinition of every {@code flotilla.dev} kind, as the
 * control plane serves them ({@link FlotillaCrds}, generated at build time from the API types), into a Kustomize
 * folder: one {@code <plural>.<group>.yaml} per kind and a {@code kustomization.yaml} listing them.
 *
 * <p>Run it with {@code ./mvnw -q -pl deploy compile exec:java@crds}; {@code CrdDriftTest} fails when the
 * committed files differ from what this writes.
 */
public final class CrdGenerator {

  /** The first lines of every generated file. */
  static final String HEADER = "# Generated from the Flotilla API types (dev.flotilla.api, FlotillaCrds) by\n"
      + "# dev.flotilla.deploy.crds.CrdGenerator: do not edit; run ./mvnw -q -pl deploy compile exec:java@crds\n";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLGenerator.Feature.SPLIT_LINES))
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private CrdGenerator() {
  }

  /**
   * The files of the CRD folder, by file name, in a stable order: each kind's CRD, then the kustomization.
   *
   * @return file name to content
   */
  public static Map<String, String> render() {
    Map<String, String> files = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (CustomResourceDefinition crd : FlotillaCrds.loadAll()) {
      String name = crd.getMetadata().getName() + ".yaml";
      JsonNode tree = SERIALIZATION.convertValue(crd, JsonNode.class);
      ((ObjectNode) tree).remove("status");
      files.put(name, HEADER + yaml(tree));
      names.add(name);
    }
    StringBuilder kustomization = new StringBuilder(HEADER)
        .append("apiVersion: kustomize.config.k8s.io/v1beta1\n")
        .append("kind: Kustomization\n")
        .append("resources:\n");
    names.forEach(name -> kustomization.append("- ").append(name).append('\n'));
    files.put("kustomization.yaml", kustomization.toString());
    return files;
  }

  /**
   * Writes the folder, replacing its generated files and removing YAML files that are no longer generated.
   *
   * @param folder the CRD folder, e.g. {@code deploy/kustomize/crds}
   * @throws IOException when it cannot be written
   */
  public static void write(Path folder) throws IOException {
    Map<String, String> files = render();
    Files.createDirectories(folder);
    try (var existing = Files.list(folder)) {
      for (Path file : existing.toList()) {
        if (file.getFileName().toString().endsWith(".yaml") && !files.containsKey(file.getFileName().toString())) {
          Files.delete(file);
        }
      }
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(folder.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Writes the CRD folder.
   *
   * @param args the folder to write (one argument)
   * @throws IOException when it cannot be written
   */
  public static void main(String... args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: CrdGenerator FOLDER   (e.g. deploy/kustomize/crds)");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    write(folder);
    System.out.println("wrote " + render().size() + " files to " + folder);
  }

  private static String yaml(JsonNode tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }
}
