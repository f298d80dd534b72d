package dev.flotilla.it;

import dev.flotilla.it.support.ApiClient;
import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.it.support.Kubectl;
import dev.flotilla.it.support.KubectlTable;
import dev.flotilla.it.support.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a user sees when they point a real kubectl at {@code ./flotilla server}: each test runs kubectl commands
 * and asserts on their exit code and printed output, and on the state they leave behind as kubectl shows it.
 *
 * <p>Subclasses choose the kubectl binary. Every test uses its own objects, created over plain HTTP when the
 * test is not about creating them, so one missing feature fails only the tests that need it. All objects are in
 * the {@code default} namespace unless a test says otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class KubectlScenarios {

    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

    private Path workDir;
    private ControlPlaneProcess server;
    private ApiClient api;
    private Kubectl kubectl;

    /** @return the kubectl binary these tests drive */
    abstract Path kubectlBinary();

    @BeforeAll
    void startServer() throws Exception {
        workDir = Workspace.newWorkDir(getClass().getSimpleName());
        server = ControlPlaneProcess.start(workDir.resolve("data"), workDir.resolve("server.log"));
        api = new ApiClient(server.baseUri());
        kubectl = new Kubectl(kubectlBinary(), server.url(), workDir);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        Workspace.deleteQuietly(workDir == null ? null : workDir.resolve("data"));
    }

    @Test
    void versionPrintsTheServerVersion() {
        Kubectl.Result result = kubectl.run("version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).containsPattern("(?m)^Client Version: v1\\.\\d+\\.\\d+")
                .containsPattern("(?m)^Server Version: v1\\.\\d+\\.\\d+");
        assertThat(result.stderr()).as("no version-skew warning or error").isBlank();
    }

    @Test
    void apiResourcesListsNativeAndFlotillaKinds() {
        Kubectl.Result result = kubectl.run("api-resources");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        KubectlTable table = KubectlTable.parse(result.stdout());
        assertThat(table.columns()).containsExactly("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND");
        assertResource(table, "deployments", "apps/v1", "true", "Deployment");
        assertResource(table, "namespaces", "v1", "false", "Namespace");
        assertResource(table, "configmaps", "v1", "true", "ConfigMap");
        assertResource(table, "clusters", "flotilla.dev/v1alpha1", "false", "Cluster");
        assertResource(table, "propagationpolicies", "flotilla.dev/v1alpha1", "true", "PropagationPolicy");
        assertResource(table, "clusterpropagationpolicies", "flotilla.dev/v1alpha1", "false",
                "ClusterPropagationPolicy");
        assertResource(table, "overridepolicies", "flotilla.dev/v1alpha1", "true", "OverridePolicy");
        assertResource(table, "resourcebindings", "flotilla.dev/v1alpha1", "true", "ResourceBinding");
        assertResource(table, "works", "flotilla.dev/v1alpha1", "true", "Work");
        // Review-style (create only); its scope is the types' call, so only its presence is checked.
        assertThat(table.rowsWhere("NAME", "placementpreviews")).as("api-resources row for placementpreviews")
                .anySatisfy(row -> assertThat(row).containsEntry("APIVERSION", "flotilla.dev/v1alpha1")
                        .containsEntry("KIND", "PlacementPreview"));
    }

    private static void assertResource(KubectlTable table, String name, String apiVersion, String namespaced,
            String kind) {
        assertThat(table.rowsWhere("NAME", name))
                .as("api-resources row for %s", name)
                .anySatisfy(row -> assertThat(row)
                        .containsEntry("APIVERSION", apiVersion)
                        .containsEntry("NAMESPACED", namespaced)
                        .containsEntry("KIND", kind));
    }

    @Test
    void applyWithDefaultValidationThenReapplyAChange() {
        Path first = kubectl.manifest("web-v1.yaml", deploymentYaml("web", 2, "nginx:1.27"));
        Kubectl.Result created = kubectl.run("apply", "-f", first.toString());

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.stdout().strip()).isEqualTo("deployment.apps/web created");
        assertThat(created.stderr()).as(created.toString()).isBlank();

        Path second = kubectl.manifest("web-v2.yaml", deploymentYaml("web", 3, "nginx:1.28"));
        Kubectl.Result configured = kubectl.run("apply", "-f", second.toString());

        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        assertThat(configured.stdout().strip()).isEqualTo("deployment.apps/web configured");
        // e.g. "warning: error calculating patch from openapi v3 spec" means the published schemas are too thin.
        assertThat(configured.stderr()).as(configured.toString()).isBlank();

        Kubectl.Result list = kubectl.run("get", "deploy");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        KubectlTable table = KubectlTable.parse(list.stdout());
        assertThat(table.columns()).containsExactly("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
        assertThat(table.row("web")).containsEntry("READY", "0/3");

        Kubectl.Result yaml = kubectl.run("get", "deploy", "web", "-o", "yaml");
        assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
        assertThat(yaml.stdout())
                .contains("kind: Deployment")
                .containsPattern("(?m)^  name: web$")
                .containsPattern("(?m)^  replicas: 3$")
                .contains("image: nginx:1.28")
                .doesNotContain("nginx:1.27")
                .contains("kubectl.kubernetes.io/last-applied-configuration");
        assertThat(jsonPath("deploy", "web", "{.spec.replicas}")).isEqualTo("3");
        assertThat(containers("web")).isEqualTo("web=nginx:1.28;");
    }

    @Test
    void getWatchPrintsAChangeMadeMeanwhile() {
        createDeployment("watched", 1, container("web", "nginx:1.27"));

        try (Kubectl.Background watch = kubectl.start("get", "deploy", "-w")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(watch.stdoutSoFar())
                    .as("initial list; stderr: %s", watch.stderrSoFar())
                    .containsPattern(rowPattern("watched", "0/1")));

            Kubectl.Result scaled = kubectl.run("scale", "deploy", "watched", "--replicas=4");
            assertThat(scaled.exitCode()).as(scaled.toString()).isZero();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(watch.stdoutSoFar())
                    .as("watch output; stderr: %s", watch.stderrSoFar())
                    .containsPattern(rowPattern("watched", "0/4")));
            assertThat(watch.isAlive()).as("the watch is still open after the event").isTrue();
        }
    }

    private static Pattern rowPattern(String name, String ready) {
        return Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s+" + Pattern.quote(ready) + "\\s");
    }

    @Test
    void labelAddsALabelThatSelectorsFindAndRemovesIt() {
        createDeployment("labelled", 1, container("web", "nginx:1.27"));

        Kubectl.Result labelled = kubectl.run("label", "deploy", "labelled", "tier=frontend");
        assertThat(labelled.exitCode()).as(labelled.toString()).isZero();
        assertThat(labelled.stdout().strip()).isEqualTo("deployment.apps/labelled labeled");

        Kubectl.Result selected = kubectl.run("get", "deploy", "-l", "tier=frontend", "-o", "name");
        assertThat(selected.exitCode()).as(selected.toString()).isZero();
        assertThat(selected.stdout().strip()).isEqualTo("deployment.apps/labelled");
        assertThat(jsonPath("deploy", "labelled", "{.metadata.labels.app}")).isEqualTo("labelled");

        Kubectl.Result unlabelled = kubectl.run("label", "deploy", "labelled", "tier-");
        assertThat(unlabelled.exitCode()).as(unlabelled.toString()).isZero();
        assertThat(unlabelled.stdout().strip()).isEqualTo("deployment.apps/labelled unlabeled");
        Kubectl.Result none = kubectl.run("get", "deploy", "-l", "tier=frontend");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.stdout()).isBlank();
        assertThat(none.stderr().strip()).isEqualTo("No resources found in default namespace.");
    }

    @Test
    void scaleSetsTheReplicas() {
        createDeployment("scaled", 1, container("web", "nginx:1.27"));

        Kubectl.Result scaled = kubectl.run("scale", "deploy", "scaled", "--replicas=7");

        assertThat(scaled.exitCode()).as(scaled.toString()).isZero();
        assertThat(scaled.stdout().strip()).isEqualTo("deployment.apps/scaled scaled");
        assertThat(jsonPath("deploy", "scaled", "{.spec.replicas}")).isEqualTo("7");
        KubectlTable table = KubectlTable.parse(kubectl.run("get", "deploy", "scaled").stdout());
        assertThat(table.row("scaled")).containsEntry("READY", "0/7");
    }

    @Test
    void patchIsAStrategicMergeByDefaultMergingContainersByName() {
        createDeployment("patched", 1, container("web", "nginx:1.27"), container("sidecar", "busybox:1.36"));

        Kubectl.Result patched = kubectl.run("patch", "deploy", "patched", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.29\"}]}}}}");

        assertThat(patched.exitCode()).as(patched.toString()).isZero();
        assertThat(patched.stdout().strip()).isEqualTo("deployment.apps/patched patched");
        assertThat(containers("patched")).isEqualTo("web=nginx:1.29;sidecar=busybox:1.36;");
    }

    @Test
    void patchTypeMergeReplacesListsAndMergesMaps() {
        createDeployment("merged", 1, container("web", "nginx:1.27"), container("sidecar", "busybox:1.36"));

        Kubectl.Result patched = kubectl.run("patch", "deploy", "merged", "--type=merge", "-p",
                "{\"metadata\":{\"annotations\":{\"owner\":\"team-a\"}},\"spec\":{\"replicas\":4,"
                        + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.29\"}]}}}}");

        assertThat(patched.exitCode()).as(patched.toString()).isZero();
        assertThat(patched.stdout().strip()).isEqualTo("deployment.apps/merged patched");
        assertThat(jsonPath("deploy", "merged", "{.spec.replicas}")).isEqualTo("4");
        assertThat(jsonPath("deploy", "merged", "{.metadata.annotations.owner}")).isEqualTo("team-a");
        assertThat(jsonPath("deploy", "merged", "{.metadata.labels.app}")).isEqualTo("merged");
        // A JSON merge patch replaces a list whole: the sidecar is gone.
        assertThat(containers("merged")).isEqualTo("web=nginx:1.29;");
    }

    @Test
    void patchTypeJsonAppliesEachOperation() {
        createDeployment("jsonpatched", 1, container("web", "nginx:1.27"));

        Kubectl.Result patched = kubectl.run("patch", "deploy", "jsonpatched", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":6},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/labels/tier\",\"value\":\"backend\"}]");

        assertThat(patched.exitCode()).as(patched.toString()).isZero();
        assertThat(patched.stdout().strip()).isEqualTo("deployment.apps/jsonpatched patched");
        assertThat(jsonPath("deploy", "jsonpatched", "{.spec.replicas}")).isEqualTo("6");
        assertThat(jsonPath("deploy", "jsonpatched", "{.metadata.labels.tier}")).isEqualTo("backend");
    }

    @Test
    void createNamespaceWhichKubectlSendsAsProtobuf() {
        Kubectl.Result created = kubectl.run("create", "namespace", "team-a");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.stdout().strip()).isEqualTo("namespace/team-a created");
        Kubectl.Result get = kubectl.run("get", "namespace", "team-a");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        KubectlTable table = KubectlTable.parse(get.stdout());
        assertThat(table.columns()).containsExactly("NAME", "STATUS", "AGE");
        assertThat(table.row("team-a")).containsEntry("STATUS", "Active");
    }

    @Test
    void createConfigMapFromLiterals() {
        Kubectl.Result created = kubectl.run("create", "configmap", "settings", "--from-literal=color=blue",
                "--from-literal=size=large");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.stdout().strip()).isEqualTo("configmap/settings created");
        assertThat(jsonPath("configmap", "settings", "{.data.color}")).isEqualTo("blue");
        KubectlTable table = KubectlTable.parse(kubectl.run("get", "configmap", "settings").stdout());
        assertThat(table.row("settings")).containsEntry("DATA", "2");
    }

    @Test
    void deleteRemovesTheDeployment() {
        createDeployment("doomed", 1, container("web", "nginx:1.27"));

        Kubectl.Result deleted = kubectl.run("delete", "deploy", "doomed");

        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.stdout()).contains("deployment.apps \"doomed\" deleted");
        Kubectl.Result gone = kubectl.run("get", "deploy", "doomed");
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(1);
        assertThat(gone.stderr().strip())
                .isEqualTo("Error from server (NotFound): deployments.apps \"doomed\" not found");
    }

    @Test
    void negativeReplicasGetKubectlsInvalidMessageAndStoreNothing() {
        Path bad = kubectl.manifest("broken.yaml", deploymentYaml("broken", -2, "nginx:1.27"));

        Kubectl.Result applied = kubectl.run("apply", "-f", bad.toString());

        assertThat(applied.exitCode()).as(applied.toString()).isEqualTo(1);
        assertThat(applied.stderr()).as(applied.toString()).contains("The Deployment \"broken\" is invalid: "
                + "spec.replicas: Invalid value: -2: must be greater than or equal to 0");
        assertNotFound("deploy", "broken", "deployments.apps");
    }

    @Test
    void anInvalidNameGetsKubectlsInvalidMessageAndStoresNothing() {
        Path bad = kubectl.manifest("bad-name.yaml", deploymentYaml("Web_1", 1, "nginx:1.27"));

        Kubectl.Result applied = kubectl.run("apply", "-f", bad.toString());

        assertThat(applied.exitCode()).as(applied.toString()).isEqualTo(1);
        assertThat(applied.stderr()).as(applied.toString())
                .contains("The Deployment \"Web_1\" is invalid: metadata.name: Invalid value: \"Web_1\"")
                .contains("RFC 1123");
        Kubectl.Result list = kubectl.run("get", "deploy", "-o", "name");
        assertThat(list.stdout()).doesNotContainIgnoringCase("web_1");
    }

    @Test
    void aClusterIsListedWithItsReadinessTopologyAndVersion() {
        Path manifest = kubectl.manifest("cluster.yaml", """
                apiVersion: flotilla.dev/v1alpha1
                kind: Cluster
                metadata:
                  name: eu-west-1a
                  labels:
                    topology.kubernetes.io/region: eu-west-1
                    topology.kubernetes.io/zone: eu-west-1a
                spec:
                  syncMode: Pull
                """);

        Kubectl.Result applied = kubectl.run("apply", "-f", manifest.toString());

        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(applied.stdout().strip()).isEqualTo("cluster.flotilla.dev/eu-west-1a created");
        // What a member's agent reports, written the way an operator would by hand.
        Kubectl.Result status = kubectl.run("patch", "cluster", "eu-west-1a", "--subresource=status",
                "--type=merge", "-p", "{\"status\":{\"kubernetesVersion\":\"v1.29.3\",\"conditions\":[{"
                        + "\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"AgentHeartbeat\","
                        + "\"message\":\"agent reported\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout().strip()).isEqualTo("cluster.flotilla.dev/eu-west-1a patched");

        Kubectl.Result get = kubectl.run("get", "clusters");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        KubectlTable table = KubectlTable.parse(get.stdout());
        assertThat(table.columns()).containsSubsequence("NAME", "READY", "REGION", "ZONE", "VERSION", "AGE");
        assertThat(table.row("eu-west-1a"))
                .containsEntry("READY", "True")
                .containsEntry("REGION", "eu-west-1")
                .containsEntry("ZONE", "eu-west-1a")
                .containsEntry("VERSION", "v1.29.3");
    }

    // ---- helpers ----

    private void assertNotFound(String resource, String name, String qualifiedResource) {
        Kubectl.Result get = kubectl.run("get", resource, name);
        assertThat(get.exitCode()).as(get.toString()).isEqualTo(1);
        assertThat(get.stderr().strip())
                .isEqualTo("Error from server (NotFound): " + qualifiedResource + " \"" + name + "\" not found");
    }

    private String jsonPath(String resource, String name, String template) {
        Kubectl.Result result = kubectl.run("get", resource, name, "-o", "jsonpath=" + template);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdout();
    }

    private String containers(String deployment) {
        return jsonPath("deploy", deployment, "{range .spec.template.spec.containers[*]}{.name}={.image};{end}");
    }

    private static String container(String name, String image) {
        return "{\"name\":\"" + name + "\",\"image\":\"" + image + "\"}";
    }

    /** Creates a Deployment over plain HTTP, for tests that are about what kubectl does with it afterwards. */
    private void createDeployment(String name, int replicas, String... containers) {
        api.create(DEPLOYMENTS, """
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"%1$s","labels":{"app":"%1$s"}},
                 "spec":{"replicas":%2$d,"selector":{"matchLabels":{"app":"%1$s"}},
                  "template":{"metadata":{"labels":{"app":"%1$s"}},"spec":{"containers":[%3$s]}}}}
                """.formatted(name, replicas, String.join(",", List.of(containers))));
    }

    private static String deploymentYaml(String name, int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  labels:
                    app: web
                spec:
                  replicas: %2$d
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      containers:
                      - name: web
                        image: %3$s
                        ports:
                        - containerPort: 80
                """.formatted(name, replicas, image);
    }
}
