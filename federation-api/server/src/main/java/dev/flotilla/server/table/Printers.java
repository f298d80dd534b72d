package dev.flotilla.server.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.flotilla.apimachinery.registry.ResourceType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The columns {@code kubectl get} shows for each kind: built-in printers for the native kinds (the columns
 * kube-apiserver prints), and for CRD-defined kinds their {@code additionalPrinterColumns}, evaluated as JSONPath.
 * NAME comes first and AGE last unless the kind's own columns place AGE.
 */
public final class Printers {

    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private static final Column NAME = new Column("Name", "string", "name",
            "Name must be unique within a namespace.", 0, (o, now) -> o.path("metadata").path("name").asText());
    private static final Column AGE = new Column("Age", "string", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
            (o, now) -> Age.since(o.path("metadata").path("creationTimestamp").asText(null), now));

    private Printers() {
    }

    /** The columns for a kind, NAME first. */
    public static List<Column> columnsFor(ResourceType type) {
        List<Column> columns = new ArrayList<>();
        columns.add(NAME);
        if (type.nativeKind()) {
            columns.addAll(nativeColumns(type));
        } else {
            boolean hasAge = false;
            for (ResourceType.PrinterColumn column : type.columns()) {
                columns.add(jsonPathColumn(column));
                hasAge |= column.name().equalsIgnoreCase("age");
            }
            if (!hasAge) {
                columns.add(AGE);
            }
        }
        return columns;
    }

    private static List<Column> nativeColumns(ResourceType type) {
        String kind = type.kind();
        List<Column> columns = new ArrayList<>();
        switch (kind) {
            case "Namespace" -> {
                columns.add(Column.of("Status", "string", (o, n) -> text(o, "status", "phase")));
                columns.add(AGE);
            }
            case "ConfigMap" -> {
                columns.add(Column.of("Data", "integer", (o, n) -> o.path("data").size() + o.path("binaryData").size()));
                columns.add(AGE);
            }
            case "Secret" -> {
                columns.add(Column.of("Type", "string", (o, n) -> text(o, "type")));
                columns.add(Column.of("Data", "integer", (o, n) -> o.path("data").size() + o.path("stringData").size()));
                columns.add(AGE);
            }
            case "Service" -> {
                columns.add(Column.of("Type", "string", (o, n) -> orDefault(text(o, "spec", "type"), "ClusterIP")));
                columns.add(Column.of("Cluster-IP", "string", (o, n) -> orDefault(text(o, "spec", "clusterIP"), "<none>")));
                columns.add(Column.of("External-IP", "string", (o, n) -> externalIps(o)));
                columns.add(Column.of("Port(s)", "string", (o, n) -> servicePorts(o)));
                columns.add(AGE);
                columns.add(Column.wide("Selector", "string", (o, n) -> selector(o.path("spec").path("selector"))));
            }
            case "Deployment" -> {
                columns.add(Column.of("Ready", "string", (o, n) -> ready(o, "readyReplicas")));
                columns.add(Column.of("Up-to-date", "integer", (o, n) -> o.path("status").path("updatedReplicas").asLong(0)));
                columns.add(Column.of("Available", "integer", (o, n) -> o.path("status").path("availableReplicas").asLong(0)));
                columns.add(AGE);
                addWorkloadWide(columns);
            }
            case "ReplicaSet" -> {
                columns.add(Column.of("Desired", "integer", (o, n) -> o.path("spec").path("replicas").asLong(1)));
                columns.add(Column.of("Current", "integer", (o, n) -> o.path("status").path("replicas").asLong(0)));
                columns.add(Column.of("Ready", "integer", (o, n) -> o.path("status").path("readyReplicas").asLong(0)));
                columns.add(AGE);
                addWorkloadWide(columns);
            }
            case "StatefulSet" -> {
                columns.add(Column.of("Ready", "string", (o, n) -> ready(o, "readyReplicas")));
                columns.add(AGE);
                columns.add(Column.wide("Containers", "string", (o, n) -> containerField(o, "name")));
                columns.add(Column.wide("Images", "string", (o, n) -> containerField(o, "image")));
            }
            case "DaemonSet" -> {
                for (String[] c : new String[][] {{"Desired", "desiredNumberScheduled"}, {"Current", "currentNumberScheduled"},
                        {"Ready", "numberReady"}, {"Up-to-date", "updatedNumberScheduled"}, {"Available", "numberAvailable"}}) {
                    columns.add(Column.of(c[0], "integer", (o, n) -> o.path("status").path(c[1]).asLong(0)));
                }
                columns.add(AGE);
            }
            case "Job" -> {
                columns.add(Column.of("Status", "string", (o, n) -> jobStatus(o)));
                columns.add(Column.of("Completions", "string", (o, n) -> o.path("status").path("succeeded").asLong(0)
                        + "/" + o.path("spec").path("completions").asLong(1)));
                columns.add(AGE);
            }
            case "CronJob" -> {
                columns.add(Column.of("Schedule", "string", (o, n) -> text(o, "spec", "schedule")));
                columns.add(Column.of("Suspend", "boolean", (o, n) -> o.path("spec").path("suspend").asBoolean(false)));
                columns.add(Column.of("Active", "integer", (o, n) -> o.path("status").path("active").size()));
                columns.add(AGE);
            }
            case "Ingress" -> {
                columns.add(Column.of("Class", "string", (o, n) -> orDefault(text(o, "spec", "ingressClassName"), "<none>")));
                columns.add(Column.of("Hosts", "string", (o, n) -> ingressHosts(o)));
                columns.add(AGE);
            }
            case "Event" -> {
                columns.add(0, Column.of("Last Seen", "string", (o, n) -> Age.since(
                        orDefault(text(o, "lastTimestamp"), text(o, "eventTime")), n)));
                columns.add(Column.of("Type", "string", (o, n) -> text(o, "type")));
                columns.add(Column.of("Reason", "string", (o, n) -> text(o, "reason")));
                columns.add(Column.of("Object", "string", (o, n) -> o.path("involvedObject").path("kind").asText("").toLowerCase()
                        + "/" + o.path("involvedObject").path("name").asText("")));
                columns.add(Column.of("Message", "string", (o, n) -> text(o, "message")));
            }
            case "Lease" -> {
                columns.add(Column.of("Holder", "string", (o, n) -> orDefault(text(o, "spec", "holderIdentity"), "")));
                columns.add(AGE);
            }
            case "EndpointSlice" -> {
                columns.add(Column.of("AddressType", "string", (o, n) -> text(o, "addressType")));
                columns.add(Column.of("Ports", "string", (o, n) -> slicePorts(o)));
                columns.add(Column.of("Endpoints", "string", (o, n) -> sliceEndpoints(o)));
                columns.add(AGE);
            }
            case "PersistentVolumeClaim" -> {
                columns.add(Column.of("Status", "string", (o, n) -> text(o, "status", "phase")));
                columns.add(Column.of("Volume", "string", (o, n) -> text(o, "spec", "volumeName")));
                columns.add(AGE);
            }
            case "PodDisruptionBudget" -> {
                columns.add(Column.of("Min Available", "string", (o, n) -> orDefault(o.path("spec").path("minAvailable").asText(null), "N/A")));
                columns.add(Column.of("Max Unavailable", "string", (o, n) -> orDefault(o.path("spec").path("maxUnavailable").asText(null), "N/A")));
                columns.add(Column.of("Allowed Disruptions", "integer", (o, n) -> o.path("status").path("disruptionsAllowed").asLong(0)));
                columns.add(AGE);
            }
            case "HorizontalPodAutoscaler" -> {
                columns.add(Column.of("Reference", "string", (o, n) -> o.path("spec").path("scaleTargetRef").path("kind").asText("")
                        + "/" + o.path("spec").path("scaleTargetRef").path("name").asText("")));
                columns.add(Column.of("MinPods", "integer", (o, n) -> o.path("spec").path("minReplicas").asLong(1)));
                columns.add(Column.of("MaxPods", "integer", (o, n) -> o.path("spec").path("maxReplicas").asLong(0)));
                columns.add(Column.of("Replicas", "integer", (o, n) -> o.path("status").path("currentReplicas").asLong(0)));
                columns.add(AGE);
            }
            case "ServiceAccount" -> {
                columns.add(Column.of("Secrets", "integer", (o, n) -> o.path("secrets").size()));
                columns.add(AGE);
            }
            default -> columns.add(AGE);
        }
        return columns;
    }

    private static void addWorkloadWide(List<Column> columns) {
        columns.add(Column.wide("Containers", "string", (o, n) -> containerField(o, "name")));
        columns.add(Column.wide("Images", "string", (o, n) -> containerField(o, "image")));
        columns.add(Column.wide("Selector", "string", (o, n) -> selector(o.path("spec").path("selector").path("matchLabels"))));
    }

    private static Column jsonPathColumn(ResourceType.PrinterColumn column) {
        String path = toJayway(column.jsonPath());
        JsonPath compiled;
        try {
            compiled = JsonPath.compile(path);
        } catch (InvalidPathException e) {
            compiled = null;
        }
        JsonPath expression = compiled;
        String type = column.type() == null || column.type().isEmpty() ? "string" : column.type();
        String cellType = type.equals("date") ? "string" : type;
        return new Column(column.name(), cellType, column.format() == null ? "" : column.format(),
                column.description() == null ? "" : column.description(), column.priority(), (object, now) -> {
            if (expression == null) {
                return "<invalid path>";
            }
            Object value = expression.read(object, JSON_PATH);
            JsonNode node = value instanceof JsonNode json ? json : null;
            if (node != null && node.isArray()) {
                node = node.isEmpty() ? null : node.get(0);
            }
            if (node == null || node.isNull() || node.isMissingNode()) {
                return type.equals("integer") || type.equals("number") ? null : "<none>";
            }
            if (type.equals("date")) {
                return Age.since(node.asText(), now);
            }
            if (type.equals("integer")) {
                return node.asLong();
            }
            if (type.equals("number")) {
                return node.asDouble();
            }
            if (type.equals("boolean")) {
                return node.asBoolean();
            }
            return node.isValueNode() ? node.asText() : node.toString();
        });
    }

    /**
     * Turns a Kubernetes JSONPath ({@code .metadata.labels.topology\\.kubernetes\\.io/zone}, escaped dots inside
     * a name) into Jayway's syntax, where such a name needs bracket notation.
     */
    static String toJayway(String kubePath) {
        String path = kubePath.startsWith("$") ? kubePath.substring(1) : kubePath;
        StringBuilder out = new StringBuilder("$");
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                int depth = 0;
                int start = i;
                do {
                    char d = path.charAt(i);
                    depth += d == '[' ? 1 : d == ']' ? -1 : 0;
                    i++;
                } while (i < path.length() && depth > 0);
                out.append(path, start, i);
            } else if (c == '.') {
                StringBuilder name = new StringBuilder();
                boolean needsBrackets = false;
                i++;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    if (path.charAt(i) == '\\' && i + 1 < path.length()) {
                        name.append(path.charAt(i + 1));
                        needsBrackets = true;
                        i += 2;
                    } else {
                        needsBrackets |= path.charAt(i) == '/' || path.charAt(i) == '-';
                        name.append(path.charAt(i++));
                    }
                }
                out.append(needsBrackets ? "['" + name + "']" : "." + name);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String ready(ObjectNode o, String readyField) {
        return o.path("status").path(readyField).asLong(0) + "/" + o.path("spec").path("replicas").asLong(1);
    }

    private static String containerField(ObjectNode o, String field) {
        StringJoiner joiner = new StringJoiner(",");
        for (JsonNode container : o.path("spec").path("template").path("spec").path("containers")) {
            joiner.add(container.path(field).asText(""));
        }
        return joiner.toString();
    }

    private static String selector(JsonNode labels) {
        if (!labels.isObject() || labels.isEmpty()) {
            return "<none>";
        }
        StringJoiner joiner = new StringJoiner(",");
        Iterator<Map.Entry<String, JsonNode>> fields = labels.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            joiner.add(entry.getKey() + "=" + entry.getValue().asText());
        }
        return joiner.toString();
    }

    private static String externalIps(ObjectNode o) {
        StringJoiner joiner = new StringJoiner(",");
        for (JsonNode ingress : o.path("status").path("loadBalancer").path("ingress")) {
            joiner.add(ingress.hasNonNull("ip") ? ingress.get("ip").asText() : ingress.path("hostname").asText(""));
        }
        for (JsonNode ip : o.path("spec").path("externalIPs")) {
            joiner.add(ip.asText());
        }
        if (joiner.length() > 0) {
            return joiner.toString();
        }
        return "LoadBalancer".equals(text(o, "spec", "type")) ? "<pending>" : "<none>";
    }

    private static String servicePorts(ObjectNode o) {
        StringJoiner joiner = new StringJoiner(",");
        for (JsonNode port : o.path("spec").path("ports")) {
            String text = port.path("port").asText("");
            if (port.hasNonNull("nodePort")) {
                text += ":" + port.get("nodePort").asText();
            }
            joiner.add(text + "/" + port.path("protocol").asText("TCP"));
        }
        return joiner.length() == 0 ? "<none>" : joiner.toString();
    }

    private static String jobStatus(ObjectNode o) {
        for (JsonNode condition : o.path("status").path("conditions")) {
            if ("True".equals(condition.path("status").asText())) {
                String type = condition.path("type").asText();
                if (type.equals("Complete")) {
                    return "Complete";
                }
                if (type.equals("Failed")) {
                    return "Failed";
                }
            }
        }
        return "Running";
    }

    private static String ingressHosts(ObjectNode o) {
        StringJoiner joiner = new StringJoiner(",");
        for (JsonNode rule : o.path("spec").path("rules")) {
            joiner.add(rule.path("host").asText("*"));
        }
        return joiner.length() == 0 ? "*" : joiner.toString();
    }

    private static String slicePorts(ObjectNode o) {
        StringJoiner joiner = new StringJoiner(",");
        for (JsonNode port : o.path("ports")) {
            joiner.add(port.path("port").asText(""));
        }
        return joiner.length() == 0 ? "<unset>" : joiner.toString();
    }

    private static String sliceEndpoints(ObjectNode o) {
        StringJoiner joiner = new StringJoiner(",");
        for (JsonNode endpoint : o.path("endpoints")) {
            for (JsonNode address : endpoint.path("addresses")) {
                joiner.add(address.asText());
            }
        }
        return joiner.length() == 0 ? "<unset>" : joiner.toString();
    }

    private static String text(JsonNode o, String... path) {
        JsonNode node = o;
        for (String step : path) {
            node = node.path(step);
        }
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
