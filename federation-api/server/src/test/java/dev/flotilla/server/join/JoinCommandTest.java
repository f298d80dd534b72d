package dev.flotilla.server.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/** {@code flotilla join} against a running control plane: a real token, and the manifests that use it. */
@QuarkusTest
class JoinCommandTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TestHTTPResource("/")
    URL controlPlane;

    @Test
    void printsTheAgentManifestsWithAFreshTokenThatRegisters() throws Exception {
        String base = controlPlane.toString().replaceAll("/$", "");
        Run run = join("eu-1a", "--control-plane", base, "--agent-control-plane", "https://flotilla.example.com:8443",
                "--region", "eu-1", "--zone", "eu-1a", "--image", "registry.example.com/flotilla-agent:1.2.3");

        assertThat(run.exit).as(run.err).isZero();
        List<JsonNode> objects = YAML.readValues(YAML.getFactory().createParser(run.out), JsonNode.class).readAll();
        assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactly("Namespace", "ServiceAccount",
                "ClusterRole", "ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding", "Role", "RoleBinding",
                "Role", "RoleBinding", "Secret", "Secret", "Deployment");

        JsonNode deployment = objects.get(12);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("registry.example.com/flotilla-agent:1.2.3");
        assertThat(texts(container.path("args"))).containsExactly("--control-plane=https://flotilla.example.com:8443",
                "--cluster-name=eu-1a", "--region=eu-1", "--zone=eu-1a", "--token-file=/etc/flotilla/bootstrap/token",
                "--state-secret=flotilla-system/flotilla-agent-state", "--health-port=8081");
        // The agent token lives in the state Secret, not in the pod: no state volume left.
        assertThat(deployment.at("/spec/template/spec/volumes").findValuesAsText("name"))
                .containsExactly("bootstrap-token", "tmp");

        // The state Secret: created empty and labelled, so the agent needs only get and update on that one name.
        JsonNode state = objects.get(11);
        assertThat(state.at("/metadata/namespace").asText()).isEqualTo("flotilla-system");
        assertThat(state.at("/metadata/name").asText()).isEqualTo("flotilla-agent-state");
        assertThat(state.at("/metadata/labels/flotilla.dev~1agent-state").asText()).isEqualTo("true");
        assertThat(state.has("data")).isFalse();
        assertThat(state.has("stringData")).isFalse();
        JsonNode stateRole = objects.get(8);
        assertThat(stateRole.at("/metadata/namespace").asText()).isEqualTo("flotilla-system");
        assertThat(stateRole.path("rules")).hasSize(1);
        assertThat(texts(stateRole.at("/rules/0/apiGroups"))).containsExactly("");
        assertThat(texts(stateRole.at("/rules/0/resources"))).containsExactly("secrets");
        assertThat(texts(stateRole.at("/rules/0/verbs"))).containsExactly("get", "update");
        assertThat(texts(stateRole.at("/rules/0/resourceNames"))).containsExactly("flotilla-agent-state");
        JsonNode stateBinding = objects.get(9);
        assertThat(stateBinding.at("/metadata/namespace").asText()).isEqualTo("flotilla-system");
        assertThat(stateBinding.at("/roleRef/name").asText()).isEqualTo(stateRole.at("/metadata/name").asText());
        assertThat(stateBinding.at("/subjects/0/name").asText()).isEqualTo("flotilla-agent");

        // The token in the Secret is a real bootstrap token of this control plane, which expires in 24 hours.
        String token = objects.get(10).at("/stringData/token").asText();
        String id = token.substring(0, token.indexOf('.'));
        Instant expiration = Instant.parse(new String(Base64.getDecoder().decode(
                given().get("/api/v1/namespaces/flotilla-system/secrets/bootstrap-token-" + id).then()
                        .statusCode(200).extract().path("data.expiration").toString()), StandardCharsets.UTF_8));
        assertThat(expiration).isBetween(Instant.now().plus(Duration.ofHours(23)),
                Instant.now().plus(Duration.ofHours(25)));
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"flotilla.dev/v1alpha1\",\"kind\":\"ClusterTokenRequest\","
                        + "\"spec\":{\"clusterId\":\"id-eu-1a\"}}")
                .post("/apis/flotilla.dev/v1alpha1/clusters/eu-1a/token")
                .then().statusCode(201).body("status.token", startsWith("flotilla-agent.eu-1a."));

        // Two joins, two tokens; --ttl 0 still makes one that never expires (discouraged).
        Run second = join("eu-1b", "--control-plane", base, "--ttl", "0");
        assertThat(second.exit).as(second.err).isZero();
        assertThat(second.out).doesNotContain(token).contains("--control-plane=" + base + "\n")
                .doesNotContain("--region=");
        String neverExpires = second.out.replaceAll("(?s).*\\n  token: ([a-z0-9.]+)\\n.*", "$1");
        given().get("/api/v1/namespaces/flotilla-system/secrets/bootstrap-token-"
                        + neverExpires.substring(0, neverExpires.indexOf('.'))).then().statusCode(200)
                .body("data.expiration", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void helpSaysTheTokenExpiresAndIsNeededOnlyOnce() {
        StringWriter help = new StringWriter();
        new CommandLine(new JoinCommand()).usage(new PrintWriter(help));
        assertThat(help.toString().replaceAll("\\s+", " ")).contains("(default: 24h)")
                .contains("needed only for the agent's first registration").contains("0 never expires: discouraged");
    }

    @Test
    void badInputIsNamed() throws Exception {
        String base = controlPlane.toString();
        Run badName = join("Bad_Name", "--control-plane", base);
        assertThat(badName.exit).isEqualTo(2);
        assertThat(badName.err).contains("Invalid value for NAME: 'Bad_Name'");

        Run badZone = join("ok", "--control-plane", base, "--zone", "no spaces");
        assertThat(badZone.exit).isEqualTo(2);
        assertThat(badZone.err).contains("'--zone'");

        Run badUrl = join("ok", "--control-plane", "flotilla.example.com");
        assertThat(badUrl.err).contains("'--control-plane'").contains("http:// or https://");

        Run badTtl = join("ok", "--control-plane", base, "--ttl", "soon");
        assertThat(badTtl.err).contains("'--ttl'");

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run unreachable = join("ok", "--control-plane", "http://127.0.0.1:" + closed);
        assertThat(unreachable.exit).isEqualTo(1);
        assertThat(unreachable.out).isEmpty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run join(String... args) {
        JoinCommand command = new JoinCommand();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    }
}
