package dev.flotilla.server.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrintersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ".spec.syncMode                                     | $.spec.syncMode",
            ".metadata.labels.topology\\.kubernetes\\.io/zone    | $.metadata.labels['topology.kubernetes.io/zone']",
            ".status.conditions[?(@.type==\"Ready\")].status    | $.status.conditions[?(@.type==\"Ready\")].status",
            ".spec.clusters[0].name                             | $.spec.clusters[0].name"})
    void translatesKubernetesJsonPath(String kube, String jayway) {
        assertThat(Printers.toJayway(kube)).isEqualTo(jayway);
    }

    @Test
    void crdColumnsReadLabelsConditionsAndDates() {
        ResourceType clusters = new ResourceType("flotilla.dev", "v1alpha1", "Cluster", "clusters", "cluster", false,
                List.of(), List.of(), true, null, false, List.of(
                new ResourceType.PrinterColumn("READY", "string", "", "", ".status.conditions[?(@.type==\"Ready\")].status", 0),
                new ResourceType.PrinterColumn("ZONE", "string", "", "", ".metadata.labels.topology\\.kubernetes\\.io/zone", 0),
                new ResourceType.PrinterColumn("NODES", "integer", "", "", ".status.nodeSummary.totalNum", 0),
                new ResourceType.PrinterColumn("AGE", "date", "", "", ".metadata.creationTimestamp", 0)));
        ObjectNode cluster = Json.parseObject(("{\"metadata\":{\"name\":\"eu-1a\",\"creationTimestamp\":\"2026-11-25T11:58:00Z\","
                + "\"labels\":{\"topology.kubernetes.io/zone\":\"eu-1a\"}},\"status\":{\"conditions\":[{\"type\":\"Other\","
                + "\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"True\"}],\"nodeSummary\":{\"totalNum\":3}}}")
                .getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        List<Column> columns = Printers.columnsFor(clusters);
        assertThat(columns).extracting(Column::name).containsExactly("Name", "READY", "ZONE", "NODES", "AGE");
        assertThat(columns).extracting(c -> c.cell().apply(cluster, now))
                .containsExactly("eu-1a", "True", "eu-1a", 3L, "2m");
    }
}
