package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.api.v1alpha1.ResourceHealth;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ManifestHealthTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Deployment  | {'spec':{'replicas':3},'status':{'readyReplicas':3}}                                 | 0 | Healthy",
      "Deployment  | {'spec':{'replicas':3},'status':{'readyReplicas':2}}                                 | 0 | Unhealthy",
      "Deployment  | {'spec':{},'status':{'readyReplicas':1}}                                             | 0 | Healthy",
      "Deployment  | {'spec':{'replicas':1}}                                                              | 0 | Unknown",
      "Deployment  | {'metadata':{'generation':3},'spec':{'replicas':1},'status':{'readyReplicas':1,'observedGeneration':2}} | 0 | Unhealthy",
      "StatefulSet | {'spec':{'replicas':2},'status':{'readyReplicas':2}}                                 | 0 | Healthy",
      "DaemonSet   | {'status':{'numberReady':1,'desiredNumberScheduled':2}}                              | 0 | Unhealthy",
      "Service     | {'spec':{'selector':{'app':'x'}}}                                                    | 2 | Healthy",
      "Service     | {'spec':{'selector':{'app':'x'}}}                                                    | 0 | Unhealthy",
      "Service     | {'spec':{}}                                                                          | 0 | Healthy",
      "Service     | {'spec':{'type':'LoadBalancer','selector':{'a':'b'}},'status':{'loadBalancer':{}}}   | 1 | Unhealthy",
      "Service     | {'spec':{'type':'LoadBalancer','selector':{'a':'b'}},'status':{'loadBalancer':{'ingress':[{'ip':'10.0.0.1'}]}}} | 1 | Healthy",
      "Job         | {'status':{'conditions':[{'type':'Complete','status':'True'}]}}                      | 0 | Healthy",
      "Job         | {'status':{'conditions':[{'type':'Failed','status':'True'}]}}                        | 0 | Unhealthy",
      "Job         | {'status':{}}                                                                        | 0 | Unknown",
      "PersistentVolumeClaim | {'status':{'phase':'Pending'}}                                             | 0 | Unhealthy",
      "ConfigMap   | {'data':{}}                                                                          | 0 | Healthy",
  })
  void judgesHealthByKind(String kind, String object, int endpoints, String expected) throws Exception {
    assertThat(ManifestHealth.assess(kind, json(object), endpoints).health())
        .isEqualTo(ResourceHealth.fromValue(expected));
  }

  @Test
  void serviceStatusCarriesTheReadyEndpointCount() throws Exception {
    var assessment = ManifestHealth.assess("Service",
        json("{'spec':{'type':'LoadBalancer'},'status':{'loadBalancer':{'ingress':[{'ip':'1.2.3.4'}]}}}"), 3);
    assertThat(assessment.status().path("readyEndpoints").asInt()).isEqualTo(3);
    assertThat(assessment.status().path("loadBalancer").path("ingress").get(0).path("ip").asText())
        .isEqualTo("1.2.3.4");
  }

  @Test
  void countsEndpointsUnlessMarkedNotReady() throws Exception {
    assertThat(ManifestHealth.readyEndpoints(List.of(
        json("{'endpoints':[{'conditions':{'ready':true}},{'conditions':{}},{'conditions':{'ready':false}}]}"),
        json("{'endpoints':[{'addresses':['10.0.0.9']}]}"),
        json("{}")))).isEqualTo(3);
  }
}
