package dev.flotilla.deploy.crds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.deploy.DeployFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The committed deploy/kustomize/crds are exactly what the API types generate today: no drift. */
class CrdDriftTest {

  private static final String HOW_TO_FIX = "the committed CRDs differ from the API types; regenerate them with "
      + "./mvnw -q -pl deploy compile exec:java@crds and commit the result";

  @Test
  void committedCrdsMatchTheApiTypes() throws Exception {
    Path folder = DeployFiles.root().resolve("kustomize/crds");
    Map<String, String> generated = CrdGenerator.render();

    TreeSet<String> committed;
    try (var files = Files.list(folder)) {
      committed = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(committed).as(HOW_TO_FIX).isEqualTo(new TreeSet<>(generated.keySet()));
    for (Map.Entry<String, String> file : generated.entrySet()) {
      assertThat(Files.readString(folder.resolve(file.getKey()))).as(file.getKey() + ": " + HOW_TO_FIX)
          .isEqualTo(file.getValue());
    }
  }

  @Test
  void everyFlotillaKindHasAnApiextensionsV1Crd() {
    Map<String, String> generated = CrdGenerator.render();

    assertThat(generated.keySet()).contains("clusters.flotilla.dev.yaml", "works.flotilla.dev.yaml",
        "propagationpolicies.flotilla.dev.yaml", "placementpreviews.flotilla.dev.yaml", "kustomization.yaml");
    assertThat(generated).hasSize(11);
    generated.forEach((name, text) -> {
      assertThat(text).startsWith(CrdGenerator.HEADER);
      if (!name.equals("kustomization.yaml")) {
        assertThat(text).contains("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n")
            .contains("  group: flotilla.dev\n").contains("openAPIV3Schema:").doesNotContain("\nstatus:");
      }
    });
  }
}
