package dev.flotilla.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.v1alpha1.ResourceHealth;

/**
 * Judges an applied object's health from what the member says about it, and picks the status to report. Pure.
 *
 * <ul>
 *   <li>Deployment, ReplicaSet, StatefulSet: Healthy when {@code readyReplicas >= spec.replicas} (default 1) and the
 *       controller has seen the latest spec ({@code observedGeneration >= generation}, when both are given);
 *       Unknown while the member reports no status at all.</li>
 *   <li>DaemonSet: Healthy when {@code numberReady >= desiredNumberScheduled}.</li>
 *   <li>Service: a LoadBalancer needs an ingress address; a Service with a selector needs at least one ready
 *       endpoint (from its EndpointSlices). The reported status adds {@code readyEndpoints}.</li>
 *   <li>Job: Healthy when Complete, Unhealthy when Failed, else Unknown. Pod: Healthy when Running and Ready.
 *       PersistentVolumeClaim: Healthy when Bound. Namespace: Unhealthy while Terminating.</li>
 *   <li>Anything else: Healthy once it exists.</li>
 * </ul>
 */
public final class ManifestHealth {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ManifestHealth() {
  }

  /**
   * A verdict.
   *
   * @param health Healthy, Unhealthy or Unknown
   * @param status the status to report (the object's {@code .status}, for Services with readyEndpoints added)
   */
  public record Assessment(ResourceHealth health, JsonNode status) {
  }

  /**
   * Assesses an object.
   *
   * @param kind the object's kind
   * @param object the object as the member returned it
   * @param readyEndpoints for a Service: ready endpoints counted over its EndpointSlices; ignored otherwise
   * @return the verdict
   */
  public static Assessment assess(String kind, JsonNode object, int readyEndpoints) {
    JsonNode status = object.get("status");
    JsonNode spec = object.path("spec");
    switch (kind) {
      case "Deployment", "ReplicaSet", "StatefulSet" -> {
        if (status == null || status.isNull() || status.isEmpty()) {
          return new Assessment(ResourceHealth.UNKNOWN, status);
        }
        long wanted = spec.path("replicas").asLong(1);
        long ready = status.path("readyReplicas").asLong(0);
        boolean observed = !status.has("observedGeneration") || !object.path("metadata").has("generation")
            || status.path("observedGeneration").asLong() >= object.path("metadata").path("generation").asLong();
        return new Assessment(ready >= wanted && observed ? ResourceHealth.HEALTHY : ResourceHealth.UNHEALTHY,
            status);
      }
      case "DaemonSet" -> {
        if (status == null || status.isNull() || status.isEmpty()) {
          return new Assessment(ResourceHealth.UNKNOWN, status);
        }
        return new Assessment(status.path("numberReady").asLong(0) >= status.path("desiredNumberScheduled").asLong(0)
            ? ResourceHealth.HEALTHY : ResourceHealth.UNHEALTHY, status);
      }
      case "Service" -> {
        ObjectNode reported = status != null && status.isObject() ? ((ObjectNode) status).deepCopy()
            : NODES.objectNode();
        reported.put("readyEndpoints", readyEndpoints);
        boolean healthy = true;
        if ("LoadBalancer".equals(spec.path("type").asText())) {
          healthy = reported.path("loadBalancer").path("ingress").size() > 0;
        }
        boolean selects = spec.path("selector").isObject() && !spec.path("selector").isEmpty();
        if (selects && readyEndpoints == 0) {
          healthy = false;
        }
        return new Assessment(healthy ? ResourceHealth.HEALTHY : ResourceHealth.UNHEALTHY, reported);
      }
      case "Job" -> {
        if (conditionTrue(status, "Complete")) {
          return new Assessment(ResourceHealth.HEALTHY, status);
        }
        return new Assessment(conditionTrue(status, "Failed") ? ResourceHealth.UNHEALTHY : ResourceHealth.UNKNOWN,
            status);
      }
      case "Pod" -> {
        boolean running = status != null && "Running".equals(status.path("phase").asText());
        return new Assessment(running && conditionTrue(status, "Ready") ? ResourceHealth.HEALTHY
            : ResourceHealth.UNHEALTHY, status);
      }
      case "PersistentVolumeClaim" -> {
        return new Assessment(status != null && "Bound".equals(status.path("phase").asText())
            ? ResourceHealth.HEALTHY : ResourceHealth.UNHEALTHY, status);
      }
      case "Namespace" -> {
        return new Assessment(status != null && "Terminating".equals(status.path("phase").asText())
            ? ResourceHealth.UNHEALTHY : ResourceHealth.HEALTHY, status);
      }
      default -> {
        return new Assessment(ResourceHealth.HEALTHY, status);
      }
    }
  }

  /**
   * Counts the ready endpoints of EndpointSlices ({@code discovery.k8s.io/v1}): an endpoint counts unless its
   * {@code conditions.ready} is false (Kubernetes reads a missing value as ready).
   *
   * @param slices the Service's EndpointSlices as JSON objects
   * @return the number of ready endpoints
   */
  public static int readyEndpoints(Iterable<JsonNode> slices) {
    int ready = 0;
    for (JsonNode slice : slices) {
      for (JsonNode endpoint : slice.path("endpoints")) {
        JsonNode flag = endpoint.path("conditions").path("ready");
        if (!flag.isBoolean() || flag.asBoolean()) {
          ready++;
        }
      }
    }
    return ready;
  }

  private static boolean conditionTrue(JsonNode status, String type) {
    if (status == null) {
      return false;
    }
    for (JsonNode condition : status.path("conditions")) {
      if (type.equals(condition.path("type").asText()) && "True".equals(condition.path("status").asText())) {
        return true;
      }
    }
    return false;
  }
}
