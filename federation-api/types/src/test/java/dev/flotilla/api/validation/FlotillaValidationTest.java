package dev.flotilla.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.ClusterResourceBinding;
import dev.flotilla.api.v1alpha1.ResourceBinding;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each validation rule of each kind: the object is a valid example with one change, and the test asserts the exact
 * error messages (field path included).
 */
class FlotillaValidationTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode example(String file) throws Exception {
    return YAML.readTree(FlotillaValidationTest.class.getResourceAsStream("/examples/" + file));
  }

  /** Sets a value at a dotted path with [i] indexes, creating objects on the way; value is YAML. */
  private static JsonNode with(JsonNode root, String path, String yamlValue) throws Exception {
    JsonNode copy = root.deepCopy();
    String[] parts = path.split("\\.");
    JsonNode node = copy;
    for (int i = 0; i < parts.length - 1; i++) {
      node = step(node, parts[i]);
    }
    String last = parts[parts.length - 1];
    JsonNode value = yamlValue == null ? null : YAML.readTree(yamlValue);
    if (last.contains("[")) {
      String field = last.substring(0, last.indexOf('['));
      int index = Integer.parseInt(last.substring(last.indexOf('[') + 1, last.indexOf(']')));
      ((com.fasterxml.jackson.databind.node.ArrayNode) node.get(field)).set(index, value);
    } else if (value == null) {
      ((ObjectNode) node).remove(last);
    } else {
      ((ObjectNode) node).set(last, value);
    }
    return copy;
  }

  private static JsonNode step(JsonNode node, String part) {
    if (part.contains("[")) {
      String field = part.substring(0, part.indexOf('['));
      int index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.indexOf(']')));
      return node.get(field).get(index);
    }
    if (node.get(part) == null) {
      ((ObjectNode) node).putObject(part);
    }
    return node.get(part);
  }

  private static List<String> messages(String kind, JsonNode object) {
    return FlotillaValidation.validate(kind, object).stream().map(FieldError::message).toList();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      cluster.yaml | metadata.name | Eu_West | metadata.name: Invalid value: "Eu_West": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
      cluster.yaml | metadata.name | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | metadata.name: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be no more than 51 characters (the execution namespace flotilla-es-<name> must be a valid namespace name)
      cluster.yaml | metadata.namespace | default | metadata.namespace: Forbidden: not allowed on this type
      cluster.yaml | spec.syncMode | Sideways | spec.syncMode: Unsupported value: "Sideways": supported values: "Push", "Pull"
      cluster.yaml | spec.syncMode | Push | spec.apiEndpoint: Required value: required when syncMode is Push
      cluster.yaml | spec.apiEndpoint | ftp://x | spec.apiEndpoint: Invalid value: "ftp://x": must be an absolute http or https URL
      cluster.yaml | spec.taints[0] | {key: maintenance, effect: PreferNoSchedule} | spec.taints[0].effect: Unsupported value: "PreferNoSchedule": supported values: "NoSchedule", "NoExecute"
      cluster.yaml | spec.taints[0] | {effect: NoSchedule} | spec.taints[0].key: Required value
      cluster.yaml | status.conditions[0].status | Maybe | status.conditions[0].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"
      cluster.yaml | status.conditions[0].reason | 'not one word' | status.conditions[0].reason: Invalid value: "not one word": a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')
      cluster.yaml | status.nodeSummary.readyNum | 4 | status.nodeSummary.readyNum: Invalid value: 4: must be less than or equal to totalNum (3)
      cluster.yaml | status.nodeSummary.totalNum | -1 | status.nodeSummary.totalNum: Invalid value: -1: must be greater than or equal to 0
      cluster.yaml | status.resourceSummary.allocated.cpu | lots | status.resourceSummary.allocated[cpu]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
      cluster.yaml | status.lastHeartbeatTime | yesterday | status.lastHeartbeatTime: Invalid value: "yesterday": must be an RFC 3339 date-time, e.g. 2026-01-02T15:04:05Z
      cluster.yaml | status.replicaEstimates[0] | {resourceRequest: {cpu: 1}, availableReplicas: -3} | status.replicaEstimates[0].availableReplicas: Invalid value: -3: must be greater than or equal to 0
      propagationpolicy.yaml | spec.resourceSelectors | [] | spec.resourceSelectors: Required value: at least one resource selector is required
      propagationpolicy.yaml | spec.resourceSelectors[0] | {kind: Deployment} | spec.resourceSelectors[0].apiVersion: Required value
      propagationpolicy.yaml | spec.resourceSelectors[0] | {apiVersion: v1, kind: ConfigMap, namespace: other} | spec.resourceSelectors[0].namespace: Invalid value: "other": must be empty or the policy's own namespace (shop)
      propagationpolicy.yaml | spec.placement.spreadConstraints[0].minGroups | 3 | spec.placement.spreadConstraints[0].minGroups: Invalid value: 3: must not exceed maxGroups (3 > 2)
      propagationpolicy.yaml | spec.placement.spreadConstraints[0].minGroups | -2 | spec.placement.spreadConstraints[0].minGroups: Invalid value: -2: must not be negative
      propagationpolicy.yaml | spec.placement.spreadConstraints[0] | {spreadByField: zone, maxGroups: 0} | spec.placement.spreadConstraints[0].maxGroups: Invalid value: 0: must be at least 1
      propagationpolicy.yaml | spec.placement.spreadConstraints[0].spreadByField | country | spec.placement.spreadConstraints[0].spreadByField: Unsupported value: "country": supported values: "cluster", "region", "zone"
      propagationpolicy.yaml | spec.placement.spreadConstraints[0].spreadByField | provider | spec.placement.spreadConstraints[0].spreadByField: Unsupported value: "provider": supported values: "cluster", "region", "zone"
      propagationpolicy.yaml | spec.placement.spreadConstraints[1].spreadByField | zone | spec.placement.spreadConstraints[1].spreadByField: Duplicate value: "zone"
      propagationpolicy.yaml | spec.placement.spreadConstraints[1] | {spreadByField: cluster, spreadByLabel: rack} | spec.placement.spreadConstraints[1].spreadByLabel: Forbidden: not supported by the placement engine; use spreadByField cluster, region or zone
      propagationpolicy.yaml | spec.placement.spreadConstraints[1] | {minGroups: 1} | spec.placement.spreadConstraints[1].spreadByField: Required value: supported values: "cluster", "region", "zone"
      propagationpolicy.yaml | spec.placement.spreadConstraints[1] | null | spec.placement.spreadConstraints[1]: Required value
      propagationpolicy.yaml | spec.placement.replicaScheduling.replicaSchedulingType | Split | spec.placement.replicaScheduling.replicaSchedulingType: Unsupported value: "Split": supported values: "Duplicated", "Divided"
      propagationpolicy.yaml | spec.placement.replicaScheduling.replicaDivisionPreference | Random | spec.placement.replicaScheduling.replicaDivisionPreference: Unsupported value: "Random": supported values: "Weighted", "Aggregated"
      propagationpolicy.yaml | spec.placement.replicaScheduling.replicaDivisionPreference | Aggregated | spec.placement.replicaScheduling.weightPreference: Forbidden: applies only to Divided scheduling with Weighted division
      placementpreview.yaml | spec.placement.replicaScheduling.weightPreference.staticWeightList[1].weight | -1 | spec.placement.replicaScheduling.weightPreference.staticWeightList[1].weight: Invalid value: -1: must be between 0 and 1000000
      placementpreview.yaml | spec.placement.replicaScheduling.weightPreference.staticWeightList[1] | {targetCluster: {clusterNames: [b]}} | spec.placement.replicaScheduling.weightPreference.staticWeightList[1].weight: Required value
      placementpreview.yaml | spec.placement.replicaScheduling.weightPreference.staticWeightList[1] | {weight: 1} | spec.placement.replicaScheduling.weightPreference.staticWeightList[1].targetCluster: Required value
      resourcebinding.yaml | spec.placement.replicaScheduling.weightPreference.staticWeightList | [{targetCluster: {clusterNames: [a]}, weight: 1}] | spec.placement.replicaScheduling.weightPreference: Forbidden: set exactly one of staticWeightList, dynamicWeight or hierarchicalWeights
      resourcebinding.yaml | spec.placement.replicaScheduling.weightPreference.dynamicWeight | Capacity | spec.placement.replicaScheduling.weightPreference.dynamicWeight: Unsupported value: "Capacity": supported values: "AvailableReplicas"
      propagationpolicy.yaml | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[1].name | eu-west-a | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[1].name: Duplicate value: "eu-west-a"
      propagationpolicy.yaml | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[1].name | eu_west_b! | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[1].name: Invalid value: "eu_west_b!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')
      propagationpolicy.yaml | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].weight | -5 | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].weight: Invalid value: -5: must be between 0 and 1000000
      propagationpolicy.yaml | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[0].weight | null | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[0].weight: Required value
      propagationpolicy.yaml | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[0].clusters[1].weight | 1000001 | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[0].clusters[1].weight: Invalid value: 1000001: must be between 0 and 1000000
      propagationpolicy.yaml | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[0].clusters[1] | {weight: 1} | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[0].clusters[1].targetCluster: Required value
      propagationpolicy.yaml | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[0].clusters[1].targetCluster.clusterNames | [Bad] | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0].zones[0].clusters[1].targetCluster.clusterNames[0]: Invalid value: "Bad": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
      propagationpolicy.yaml | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions | [] | spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions: Required value: must list at least one region
      propagationpolicy.yaml | spec.placement.replicaScheduling.clusterReplicaLimits[0].minReplicas | 11 | spec.placement.replicaScheduling.clusterReplicaLimits[0].minReplicas: Invalid value: 11: must not exceed maxReplicas (11 > 10)
      propagationpolicy.yaml | spec.placement.replicaScheduling.clusterReplicaLimits[0] | {targetCluster: {clusterNames: [a]}} | spec.placement.replicaScheduling.clusterReplicaLimits[0].minReplicas: Required value: at least one of minReplicas or maxReplicas
      clusterpropagationpolicy.yaml | spec.placement.replicaScheduling.clusterReplicaLimits | [{targetCluster: {clusterNames: [a]}, maxReplicas: 1}] | spec.placement.replicaScheduling.clusterReplicaLimits: Forbidden: applies only to Divided scheduling
      propagationpolicy.yaml | spec.placement.clusterAffinity.clusterNames | [Bad] | spec.placement.clusterAffinity.clusterNames[0]: Invalid value: "Bad": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
      propagationpolicy.yaml | spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].key | country | spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].key: Unsupported value: "country": supported values: "provider", "region", "zone"
      propagationpolicy.yaml | spec.placement.clusterAffinity.fieldSelector.matchExpressions[0] | {key: zone, operator: In} | spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].values: Required value: must not be empty for In
      propagationpolicy.yaml | spec.placement.clusterAffinity.labelSelector.matchExpressions[0].operator | Maybe | spec.placement.clusterAffinity.labelSelector.matchExpressions[0].operator: Unsupported value: "Maybe": supported values: "In", "NotIn", "Exists", "DoesNotExist"
      propagationpolicy.yaml | spec.placement.clusterAffinities | [{affinityName: x}] | spec.placement.clusterAffinities: Forbidden: must not be set together with clusterAffinity
      propagationpolicy.yaml | spec.placement.clusterTolerations[0] | {key: maintenance, operator: Exists, value: x} | spec.placement.clusterTolerations[0].value: Invalid value: "x": must be empty when operator is Exists
      propagationpolicy.yaml | spec.placement.clusterTolerations[0] | {operator: Equal, value: x} | spec.placement.clusterTolerations[0].key: Required value: required unless operator is Exists
      propagationpolicy.yaml | spec.placement.clusterTolerations[0] | {key: maintenance, operator: Sometimes} | spec.placement.clusterTolerations[0].operator: Unsupported value: "Sometimes": supported values: "Exists", "Equal"
      propagationpolicy.yaml | spec.placement.clusterTolerations[0] | {key: maintenance, operator: Exists, effect: NoSchedule, tolerationSeconds: 30} | spec.placement.clusterTolerations[0].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when `tolerationSeconds` is set
      propagationpolicy.yaml | spec.failover.purgeMode | Soon | spec.failover.purgeMode: Unsupported value: "Soon": supported values: "Directly", "Gracefully", "Never"
      propagationpolicy.yaml | spec.failover.tolerationSeconds | -1 | spec.failover.tolerationSeconds: Invalid value: -1: must be greater than or equal to 0
      propagationpolicy.yaml | spec.preemption | Sometimes | spec.preemption: Unsupported value: "Sometimes": supported values: "Always", "Never"
      propagationpolicy.yaml | spec.conflictResolution | Merge | spec.conflictResolution: Unsupported value: "Merge": supported values: "Abort", "Overwrite"
      propagationpolicy.yaml | spec.priority | '"high"' | spec.priority: Invalid value: "high": must be of type integer
      propagationpolicy.yaml | spec.placement.spreadConstraints | {a: 1} | spec.placement.spreadConstraints: Invalid value: "{\\"a\\":1}": must be of type array
      clusterpropagationpolicy.yaml | spec.placement.clusterAffinities[1].affinityName | primary | spec.placement.clusterAffinities[1].affinityName: Duplicate value: "primary"
      clusterpropagationpolicy.yaml | spec.placement.clusterAffinities[1] | {clusterNames: [a]} | spec.placement.clusterAffinities[1].affinityName: Required value
      overridepolicy.yaml | spec.overrideRules[0].overriders | {} | spec.overrideRules[0].overriders: Required value: at least one overrider is required
      overridepolicy.yaml | spec.overrideRules[0].targetCluster.fieldSelector | {matchExpressions: [{key: country, operator: In, values: [x]}]} | spec.overrideRules[0].targetCluster.fieldSelector.matchExpressions[0].key: Unsupported value: "country": supported values: "provider", "region", "zone"
      overridepolicy.yaml | spec.overrideRules[0].targetCluster.exclude | [Bad] | spec.overrideRules[0].targetCluster.exclude[0]: Invalid value: "Bad": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
      overridepolicy.yaml | spec.overrideRules[0].overriders.imageOverrider[0].component | Digest | spec.overrideRules[0].overriders.imageOverrider[0].component: Unsupported value: "Digest": supported values: "Registry", "Repository", "Tag"
      overridepolicy.yaml | spec.overrideRules[0].overriders.imageOverrider[0].operator | set | spec.overrideRules[0].overriders.imageOverrider[0].operator: Unsupported value: "set": supported values: "add", "remove", "replace"
      overridepolicy.yaml | spec.overrideRules[0].overriders.imageOverrider[0] | {component: Tag, operator: replace} | spec.overrideRules[0].overriders.imageOverrider[0].value: Required value: required when operator is replace
      overridepolicy.yaml | spec.overrideRules[0].overriders.imageOverrider[1].predicate.path | spec/x | spec.overrideRules[0].overriders.imageOverrider[1].predicate.path: Invalid value: "spec/x": must be a JSON pointer starting with '/'
      overridepolicy.yaml | spec.overrideRules[0].overriders.commandOverrider[0].operator | replace | spec.overrideRules[0].overriders.commandOverrider[0].operator: Unsupported value: "replace": supported values: "add", "remove"
      overridepolicy.yaml | spec.overrideRules[0].overriders.argsOverrider[0] | {operator: add} | spec.overrideRules[0].overriders.argsOverrider[0].containerName: Required value
      overridepolicy.yaml | spec.overrideRules[0].overriders.envOverrider[0].value | [{name: A=B}] | spec.overrideRules[0].overriders.envOverrider[0].value[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='
      overridepolicy.yaml | spec.overrideRules[0].overriders.labelsOverrider[0].value | {tier: -edge} | spec.overrideRules[0].overriders.labelsOverrider[0].value[tier]: Invalid value: "-edge": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')
      overridepolicy.yaml | spec.overrideRules[0].overriders.plaintext[0] | {path: /spec/x, operator: add} | spec.overrideRules[0].overriders.plaintext[0].value: Required value: required when operator is add
      resourcebinding.yaml | spec.replicas | -2 | spec.replicas: Invalid value: -2: must be greater than or equal to 0
      resourcebinding.yaml | spec.resource.name | null | spec.resource.name: Required value
      resourcebinding.yaml | spec.resource.namespace | other | spec.resource.namespace: Invalid value: "other": must be the binding's own namespace (shop)
      resourcebinding.yaml | spec.clusters[1].name | eu-west-a | spec.clusters[1].name: Duplicate value: "eu-west-a"
      resourcebinding.yaml | spec.clusters[1].replicas | -4 | spec.clusters[1].replicas: Invalid value: -4: must be greater than or equal to 0
      resourcebinding.yaml | spec.replicaRequirements.resourceRequest.memory | -1Gi | spec.replicaRequirements.resourceRequest[memory]: Invalid value: "-1Gi": must be greater than or equal to 0
      resourcebinding.yaml | status.unschedulableReplicas | -1 | status.unschedulableReplicas: Invalid value: -1: must be greater than or equal to 0
      resourcebinding.yaml | status.aggregatedStatus[0].health | Fine | status.aggregatedStatus[0].health: Unsupported value: "Fine": supported values: "Healthy", "Unhealthy", "Unknown"
      resourcebinding.yaml | status.excluded[0] | {name: x} | status.excluded[0].reason: Required value
      resourcebinding.yaml | status.conditions[0].type | null | status.conditions[0].type: Required value
      work.yaml | metadata.namespace | shop | metadata.namespace: Invalid value: "shop": a Work must live in an execution namespace, flotilla-es-<cluster>
      work.yaml | spec.workload.manifests[0] | {apiVersion: v1, metadata: {name: x}} | spec.workload.manifests[0].kind: Required value
      work.yaml | spec.workload.manifests[0] | {apiVersion: v1, kind: ConfigMap} | spec.workload.manifests[0].metadata: Required value
      work.yaml | spec.workload | null | spec.workload: Required value
      work.yaml | status.manifestStatuses[0].identifier.ordinal | -1 | status.manifestStatuses[0].identifier.ordinal: Invalid value: -1: must be greater than or equal to 0
      work.yaml | status.conditions[0].lastTransitionTime | now | status.conditions[0].lastTransitionTime: Invalid value: "now": must be an RFC 3339 date-time, e.g. 2026-01-02T15:04:05Z
      placementpreview.yaml | spec.replicas | null | spec.replicas: Required value
      placementpreview.yaml | spec.replicas | -1 | spec.replicas: Invalid value: -1: must be between 0 and 1000000
      placementpreview.yaml | spec.replicas | 1000001 | spec.replicas: Invalid value: 1000001: must be between 0 and 1000000
      placementpreview.yaml | spec.mode | Lazy | spec.mode: Unsupported value: "Lazy": supported values: "Steady", "Fresh"
      placementpreview.yaml | spec.clusters[1].name | a | spec.clusters[1].name: Duplicate value: "a"
      placementpreview.yaml | spec.clusters[1].name | B | spec.clusters[1].name: Invalid value: "B": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
      placementpreview.yaml | spec.clusters[1] | {labels: {zone: z2}} | spec.clusters[1].name: Required value
      placementpreview.yaml | spec.clusters[0].availableReplicas | -1 | spec.clusters[0].availableReplicas: Invalid value: -1: must not be negative
      placementpreview.yaml | spec.clusters[1].taints[0] | {key: maintenance, effect: Sometimes} | spec.clusters[1].taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "NoExecute"
      placementpreview.yaml | spec.placement.spreadConstraints | [{spreadByField: zone, minGroups: 3, maxGroups: 2}] | spec.placement.spreadConstraints[0].minGroups: Invalid value: 3: must not exceed maxGroups (3 > 2)
      placementpreview.yaml | spec.current[0].replicas | -3 | spec.current[0].replicas: Invalid value: -3: must be greater than or equal to 0
      placementpreview.yaml | spec.replicas | 2.5 | spec.replicas: Invalid value: 2.5: must be of type integer
      """)
  void ruleGivesExactError(String file, String path, String value, String expected) throws Exception {
    JsonNode object = with(example(file), path, "null".equals(value) ? null : value);
    String kind = object.get("kind").asText();
    assertThat(messages(kind, object)).containsExactly(expected);
  }

  @Test
  void envelopeIsChecked() throws Exception {
    JsonNode cluster = example("cluster.yaml");
    assertThat(messages("Cluster", with(cluster, "apiVersion", "flotilla.dev/v1"))).containsExactly(
        "apiVersion: Unsupported value: \"flotilla.dev/v1\": supported values: \"flotilla.dev/v1alpha1\"");
    assertThat(messages("Cluster", with(cluster, "kind", "Work"))).containsExactly(
        "kind: Invalid value: \"Work\": must be Cluster");
    assertThat(messages("Gadget", cluster)).singleElement().asString().startsWith(
        "kind: Unsupported value: \"Gadget\": supported values: \"Cluster\", \"PropagationPolicy\"");
    assertThat(messages("Cluster", YAML.readTree("[1]"))).containsExactly(
        "<body>: Invalid value: \"ARRAY\": must be a JSON object");
  }

  @Test
  void severalErrorsAreAllReported() throws Exception {
    JsonNode policy = with(with(example("propagationpolicy.yaml"), "spec.preemption", "X"), "spec.failover.purgeMode",
        "Y");
    assertThat(FlotillaValidation.validate("PropagationPolicy", policy)).extracting(FieldError::field)
        .containsExactly("spec.preemption", "spec.failover.purgeMode");
  }

  @Test
  void aBrokenPlacementGivesFieldErrorsNotExceptions() throws Exception {
    JsonNode policy = with(example("propagationpolicy.yaml"), "spec.placement", """
        clusterAffinity: {clusterNames: [null], labelSelector: {matchExpressions: [null]}}
        clusterTolerations: [null, {}]
        spreadConstraints: [null, {}]
        replicaScheduling:
          weightPreference:
            hierarchicalWeights: {regions: [null, {zones: [null, {clusters: [null, {}]}]}]}
          clusterReplicaLimits: [null, {}]
        """);
    String zone = "spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[1].zones[1]";
    assertThat(FlotillaValidation.validate("PropagationPolicy", policy)).extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.placement.clusterAffinity.clusterNames[0]",
            "spec.placement.clusterAffinity.labelSelector.matchExpressions[0]",
            "spec.placement.clusterTolerations[0]", "spec.placement.clusterTolerations[1].key",
            "spec.placement.spreadConstraints[0]", "spec.placement.spreadConstraints[1].spreadByField",
            "spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[0]",
            "spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[1].name",
            "spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[1].weight",
            "spec.placement.replicaScheduling.weightPreference.hierarchicalWeights.regions[1].zones[0]",
            zone + ".name", zone + ".weight", zone + ".clusters[0]", zone + ".clusters[1].targetCluster",
            zone + ".clusters[1].weight",
            "spec.placement.replicaScheduling.clusterReplicaLimits[0]",
            "spec.placement.replicaScheduling.clusterReplicaLimits[1].targetCluster",
            "spec.placement.replicaScheduling.clusterReplicaLimits[1].minReplicas");
  }

  @Test
  void unknownFieldsAreListed() throws Exception {
    JsonNode policy = with(with(example("propagationpolicy.yaml"), "spec.placment", "{}"),
        "spec.placement.spreadConstraints[0]", "{spreadByField: zone, maxGroup: 2}");
    assertThat(FlotillaValidation.unknownFields("PropagationPolicy", policy))
        .containsExactly("spec.placement.spreadConstraints[0].maxGroup", "spec.placment");
  }

  @Test
  void updatesKeepImmutableFields() throws Exception {
    Cluster old = FlotillaValidation.convert("Cluster", example("cluster.yaml"));
    Cluster renamed = FlotillaValidation.convert("Cluster", with(example("cluster.yaml"), "spec.id", "other"));
    assertThat(FlotillaValidation.validateUpdate(renamed, old)).extracting(FieldError::message)
        .containsExactly("spec.id: Invalid value: \"other\": field is immutable");
    assertThat(FlotillaValidation.validateUpdate(old, old)).isEmpty();

    ResourceBinding binding = FlotillaValidation.convert("ResourceBinding", example("resourcebinding.yaml"));
    ResourceBinding moved = FlotillaValidation.convert("ResourceBinding",
        with(example("resourcebinding.yaml"), "spec.resource.name", "api"));
    assertThat(FlotillaValidation.validateUpdate(moved, binding)).extracting(FieldError::message)
        .containsExactly("spec.resource.name: Invalid value: \"api\": field is immutable");
  }

  @Test
  void anUpdateGivenAsJsonIsCheckedForImmutableFieldsToo() throws Exception {
    assertThat(FlotillaValidation.validate("ResourceBinding",
        with(example("resourcebinding.yaml"), "spec.resource.name", "api"), example("resourcebinding.yaml")))
        .extracting(FieldError::message)
        .containsExactly("spec.resource.name: Invalid value: \"api\": field is immutable");
    assertThat(FlotillaValidation.validate("Cluster", with(example("cluster.yaml"), "spec.id", "other"),
        example("cluster.yaml"))).extracting(FieldError::message)
        .containsExactly("spec.id: Invalid value: \"other\": field is immutable");
    assertThat(FlotillaValidation.validate("Cluster", example("cluster.yaml"), example("cluster.yaml"))).isEmpty();
    // A create has nothing to compare with.
    assertThat(FlotillaValidation.validate("ResourceBinding",
        with(example("resourcebinding.yaml"), "spec.resource.name", "api"), null)).isEmpty();
  }

  @Test
  void clusterResourceBindingRefusesNamespacedResources() throws Exception {
    JsonNode crb = with(with(with(example("resourcebinding.yaml"), "kind", "ClusterResourceBinding"),
        "metadata.namespace", null), "spec.resource.namespace", "shop");
    ClusterResourceBinding typed = FlotillaValidation.convert("ClusterResourceBinding", crb);
    assertThat(FlotillaValidation.validate(typed)).extracting(FieldError::message).containsExactly(
        "spec.resource.namespace: Forbidden: a ClusterResourceBinding binds cluster-scoped resources only");
  }

  @Test
  void aPreviewNeedsNoName() throws Exception {
    assertThat(messages("PlacementPreview", example("placementpreview.yaml"))).isEmpty();
    assertThat(messages("PlacementPreview", with(example("placementpreview.yaml"), "metadata.name", "Bad!")))
        .singleElement().asString().startsWith("metadata.name: Invalid value: \"Bad!\"");
  }
}
