package dev.flotilla.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import java.util.List;

/**
 * WireMock answers standing in for the control plane of one cluster: registration, the Cluster object and its
 * status, the lease, the Works (list, watch, status). Writes echo their body back, as a real API server would.
 */
final class ControlPlaneStubs {

  private static final String ECHO = "{{{request.body}}}";

  private ControlPlaneStubs() {
  }

  /** @return the path of the Works of {@code cluster} */
  static String works(String cluster) {
    return "/apis/flotilla.dev/v1alpha1/namespaces/" + FlotillaApi.executionNamespace(cluster) + "/works";
  }

  /**
   * Stubs everything the agent of {@code cluster} calls, serving {@code works} from list (at resourceVersion 10).
   * The watch sends one bookmark, dribbled over two seconds, then the stream ends (the agent resumes it).
   */
  static void stub(WireMockServer wireMock, String cluster, Work... works) {
    String namespace = FlotillaApi.executionNamespace(cluster);
    wireMock.stubFor(post(urlPathEqualTo("/apis/flotilla.dev/v1alpha1/clusters/" + cluster + "/token"))
        .atPriority(10).willReturn(json(201, "{'apiVersion':'flotilla.dev/v1alpha1','kind':'ClusterTokenRequest',"
            + "'status':{'token':'flotilla-agent." + cluster + ".0123','executionNamespace':'" + namespace + "'}}")));
    wireMock.stubFor(get(urlPathEqualTo("/apis/flotilla.dev/v1alpha1/clusters/" + cluster)).atPriority(10)
        .willReturn(json(200, "{'apiVersion':'flotilla.dev/v1alpha1','kind':'Cluster','metadata':{'name':'"
            + cluster + "','resourceVersion':'3','labels':{'topology.kubernetes.io/region':'eu-west',"
            + "'topology.kubernetes.io/zone':'eu-west-a'}},'spec':{'id':'x','syncMode':'Pull'}}")));
    wireMock.stubFor(put(urlPathEqualTo("/apis/flotilla.dev/v1alpha1/clusters/" + cluster + "/status"))
        .atPriority(10).willReturn(echo()));
    String lease = "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases";
    wireMock.stubFor(get(urlPathEqualTo(lease + "/" + cluster)).atPriority(10)
        .willReturn(json(404, "{'kind':'Status','apiVersion':'v1','status':'Failure','code':404,"
            + "'reason':'NotFound'}")));
    wireMock.stubFor(post(urlPathEqualTo(lease)).atPriority(10).willReturn(echo().withStatus(201)));
    wireMock.stubFor(put(urlPathEqualTo(lease + "/" + cluster)).atPriority(10).willReturn(echo()));
    wireMock.stubFor(put(urlPathMatching(works(cluster) + "/[^/]+/status")).atPriority(10).willReturn(echo()));
    wireMock.stubFor(get(urlPathEqualTo(works(cluster))).withQueryParam("watch", equalTo("true")).atPriority(5)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"type\":\"BOOKMARK\",\"object\":{\"apiVersion\":\"flotilla.dev/v1alpha1\",\"kind\":\"Work\","
                + "\"metadata\":{\"resourceVersion\":\"10\"}}}\n")
            .withChunkedDribbleDelay(2, 2000)));
    listWorks(wireMock, cluster, works);
  }

  /** (Re)stubs the list of Works. */
  static void listWorks(WireMockServer wireMock, String cluster, Work... works) {
    DefaultKubernetesResourceList<Work> list = new DefaultKubernetesResourceList<>();
    list.setApiVersion(FlotillaApi.API_VERSION);
    list.setKind("WorkList");
    list.setMetadata(new ListMetaBuilder().withResourceVersion("10").build());
    list.setItems(List.of(works));
    wireMock.stubFor(get(urlPathEqualTo(works(cluster))).atPriority(10).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(Fixtures.SERIALIZATION.asJson(list))));
  }

  /** A Work as the control plane stores it. */
  static Work stored(Work work, String resourceVersion) {
    work.getMetadata().setResourceVersion(resourceVersion);
    work.getMetadata().setGeneration(1L);
    return work;
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody(body.replace('\'', '"'));
  }

  static ResponseDefinitionBuilder echo() {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(ECHO)
        .withTransformers("response-template");
  }
}
