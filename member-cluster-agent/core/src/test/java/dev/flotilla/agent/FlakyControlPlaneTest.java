package dev.flotilla.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.flotilla.agent.Fixtures.configMap;
import static dev.flotilla.agent.Fixtures.work;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WireMock stands in for a flaky control plane: bursts of 503, answers slower than the timeout, connections reset
 * by the peer, and a 410 Gone on the watch. Through all of it the member (fabric8's mock server) must end up with
 * exactly the desired objects, nothing duplicated and nothing orphaned, must lose nothing while the control plane
 * cannot be read, and the circuit breaker must open and close as configured (4 calls, 50 %, 1 s, 1 success).
 */
class FlakyControlPlaneTest {

  private static final String CLUSTER = "flaky";
  private static final String NS = FlotillaApi.executionNamespace(CLUSTER);
  private static final String WORKS = ControlPlaneStubs.works(CLUSTER);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path temp;
  WireMockServer wireMock;
  MockMember member;

  @BeforeEach
  void start() {
    wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wireMock.start();
    member = new MockMember();
    member.addNode("node-1", "4", "8Gi", 110, "eu-west", "eu-west-a");
  }

  @AfterEach
  void stop() {
    member.close();
    wireMock.stop();
  }

  private void stubControlPlane(Work... works) {
    ControlPlaneStubs.stub(wireMock, CLUSTER, works);
  }

  private void listWorks(Work... works) {
    ControlPlaneStubs.listWorks(wireMock, CLUSTER, works);
  }

  private static Work stored(Work work, String resourceVersion) {
    return ControlPlaneStubs.stored(work, resourceVersion);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return ControlPlaneStubs.json(status, body);
  }

  private StubMapping fault(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
    return wireMock.stubFor(any(anyUrl()).atPriority(1).willReturn(response));
  }

  private ConfigMap memberConfigMap(String name) {
    return member.client.configMaps().inNamespace("app").withName(name).get();
  }

  private Map<String, String> managed() {
    return member.client.configMaps().inAnyNamespace()
        .withLabel(FlotillaApi.LABEL_WORK_NAMESPACE, NS).list().getItems().stream()
        .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c.getData().get("value")));
  }

  private void seedMember() {
    // What an earlier run of this agent left: "a" out of date, "c" whose Work is gone; and something not ours.
    member.client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
        .withName(MemberApplier.INVENTORY).endMetadata()
        .addToData("configmaps", new KindInfo("", "v1", "ConfigMap", "configmaps", true).encode()).build()).create();
    for (String name : List.of("a", "c")) {
      member.client.configMaps().inNamespace("app").resource(new ConfigMapBuilder().withNewMetadata()
          .withName(name).withLabels(ManifestRenderer.ownershipLabels(NS, name, CLUSTER)).endMetadata()
          .addToData("value", "old").build()).create();
    }
    member.client.configMaps().inNamespace("app").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("foreign").endMetadata().addToData("value", "theirs").build()).create();
  }

  @Test
  void convergesThroughBurstsTimeoutsResetsAndGoneWatchesWithoutDuplicatesOrOrphans() throws Exception {
    seedMember();
    Work a = stored(work(CLUSTER, "a", configMap("app", "a", "new")), "5");
    Work b = stored(work(CLUSTER, "b", configMap("app", "b", "new")), "6");
    stubControlPlane(a, b);

    // 1. A burst of 503s from the start: registration fails, the breaker opens, the member is left alone.
    StubMapping burst = fault(aResponse().withStatus(503).withBody("overloaded"));
    AgentConfig config = Fixtures.config(CLUSTER, URI.create(wireMock.baseUrl()), "abcdef.0123456789abcdef",
        temp.resolve("state")).build();
    try (Agent agent = Agent.start(config, member.client)) {
      List<CircuitBreakerState> transitions = new CopyOnWriteArrayList<>();
      agent.guard().onCircuitChange(transitions::add);
      await().atMost(WAIT).until(() -> transitions.contains(CircuitBreakerState.OPEN));
      assertThat(agent.status().registered()).isFalse();
      assertThat(agent.status().lastError()).containsAnyOf("HTTP 503", "circuit breaker open");

      // 2. Answers slower than the 2 s timeout, then connections reset by the peer.
      wireMock.removeStub(burst);
      StubMapping slow = fault(aResponse().withStatus(200).withFixedDelay(3_000).withBody("{}"));
      Thread.sleep(3_000);
      wireMock.removeStub(slow);
      StubMapping reset = fault(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
      Thread.sleep(2_000);
      assertThat(managed()).as("nothing listed, nothing changed").containsOnly(Map.entry("a", "old"),
          Map.entry("c", "old"));
      wireMock.removeStub(reset);

      // 3. The control plane recovers: the member converges, the breaker closes, statuses are reported.
      await().atMost(WAIT).untilAsserted(() -> {
        assertThat(managed()).containsOnly(Map.entry("a", "new"), Map.entry("b", "new"));
        assertThat(memberConfigMap("foreign").getData()).containsEntry("value", "theirs");
        assertThat(transitions).endsWith(CircuitBreakerState.CLOSED);
        for (String name : List.of("a", "b")) {
          var puts = wireMock.findAll(putRequestedFor(urlPathEqualTo(WORKS + "/" + name + "/status")));
          assertThat(puts).isNotEmpty();
          assertThat(puts.get(puts.size() - 1).getBodyAsString()).contains("AppliedSuccessful");
        }
      });

      // 4. A 410 Gone on the watch: the agent lists again and stays converged.
      long relists = agent.workRelists();
      wireMock.stubFor(get(urlPathEqualTo(WORKS)).withQueryParam("watch", equalTo("true")).atPriority(2)
          .inScenario("gone").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
          .willReturn(json(410, "{'kind':'Status','apiVersion':'v1','status':'Failure','code':410,"
              + "'reason':'Expired','message':'too old resource version: 10 (42)'}")));
      await().atMost(WAIT).until(() -> agent.workRelists() > relists);
      assertThat(managed()).containsOnly(Map.entry("a", "new"), Map.entry("b", "new"));

      // 5. Work b is deleted while connections keep dropping: nothing is deleted until a list succeeds again.
      StubMapping drops = fault(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
      listWorks(a);
      Thread.sleep(2_000);
      assertThat(managed()).containsOnly(Map.entry("a", "new"), Map.entry("b", "new"));
      wireMock.removeStub(drops);
      await().atMost(WAIT).untilAsserted(() -> assertThat(managed()).containsOnly(Map.entry("a", "new")));
      assertThat(memberConfigMap("foreign")).isNotNull();
      assertThat(agent.status().circuitBreaker()).isEqualTo("CLOSED");
    }
  }
}
