package dev.flotilla.apimachinery.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import io.kubernetes.client.proto.Runtime;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decodes Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}, as kubectl 1.32+
 * sends {@code create namespace}, {@code create configmap} and the other typed creates) into the JSON tree a
 * JSON request would have carried.
 *
 * <p>The body is the magic {@code k8s\0} and a {@code runtime.Unknown} whose {@code typeMeta} names the kind
 * and whose {@code raw} holds the typed message; the message type is found by kind in client-java-proto's
 * descriptors. Proto field names are the Kubernetes JSON names, so fields map one to one, with the Kubernetes
 * idioms converted: {@code Time} → RFC 3339 seconds, {@code MicroTime} → RFC 3339 microseconds, {@code
 * Duration} → Go duration string, {@code Quantity} → its string, {@code IntOrString} → number or string,
 * {@code bytes} → base64 (Secret data), {@code RawExtension} and {@code FieldsV1} → the embedded JSON, map
 * entries → objects.
 *
 * <p>Zero values: Go marshals non-pointer scalars even when empty, and JSON would have omitted them
 * ({@code omitempty}), so empty strings, zeros and false are dropped, and a zero {@code Time} too. Fields that
 * are pointers in Go (where zero means something: {@code replicas: 0}, {@code immutable: false},
 * {@code runAsUser: 0}, …) are kept; they are listed in {@link PointerFields}. Fields unknown to
 * client-java-proto (newer than Kubernetes 1.32) are skipped.
 */
public final class ProtobufDecoder {

    /** The media type of Kubernetes protobuf. */
    public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final long ZERO_TIME_SECONDS = -62135596800L; // Go's time.Time{} as Unix seconds
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_DEPTH = 100;

    /**
     * Go structs embedded with {@code json:",inline"}: a field of their own in protobuf, flattened into the
     * parent in JSON (e.g. a Volume's source, a Probe's handler, a key selector's LocalObjectReference).
     */
    private static final Set<String> INLINE_FIELD_NAMES = Set.of("localObjectReference", "ephemeralContainerCommon",
            "persistentVolumeSource", "volumeSource", "ingressRuleValue");
    private static final Set<String> INLINE_FIELDS = Set.of("k8s.io.api.core.v1.Probe.handler");

    /** Protobuf names that differ from the JSON names. */
    private static final Map<String, String> RENAMED = Map.of(
            "k8s.io.api.networking.v1.IngressClassParametersReference.aPIGroup", "apiGroup");

    private ProtobufDecoder() {
    }

    /** Whether a {@code Content-Type} header (parameters ignored) names Kubernetes protobuf. */
    public static boolean isProtobuf(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(CONTENT_TYPE);
    }

    /**
     * The JSON object a protobuf request body stands for, with {@code apiVersion} and {@code kind} first.
     *
     * @throws ProtobufDecodeException 400 for a malformed body, 415 for a kind or encoding this server cannot
     *                                 decode
     */
    public static ObjectNode decode(byte[] body) {
        if (body == null || body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw ProtobufDecodeException.badRequest("the " + CONTENT_TYPE
                    + " body does not start with the Kubernetes protobuf prefix \"k8s\\x00\"", null);
        }
        Runtime.Unknown envelope;
        try {
            envelope = Runtime.Unknown.parseFrom(com.google.protobuf.ByteString.copyFrom(body, MAGIC.length,
                    body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw ProtobufDecodeException.badRequest("the protobuf envelope (runtime.Unknown) is malformed: "
                    + e.getMessage(), e);
        }
        String apiVersion = envelope.getTypeMeta().getApiVersion();
        String kind = envelope.getTypeMeta().getKind();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw ProtobufDecodeException.badRequest("the protobuf envelope lacks typeMeta.apiVersion or typeMeta.kind"
                    + " (got apiVersion \"" + apiVersion + "\", kind \"" + kind + "\")", null);
        }
        if (!envelope.getContentEncoding().isEmpty()) {
            throw ProtobufDecodeException.unsupported("protobuf content encoding \"" + envelope.getContentEncoding()
                    + "\" is not supported; send the object uncompressed or as application/json");
        }
        Descriptor descriptor = ProtoMessages.forKind(apiVersion, kind).orElseThrow(() ->
                ProtobufDecodeException.unsupported("this server cannot decode " + kind + " (" + apiVersion + ") from "
                        + CONTENT_TYPE + "; send it as application/json"));
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(descriptor, envelope.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw ProtobufDecodeException.badRequest("the protobuf " + kind + " (" + descriptor.getFullName()
                    + ") is malformed: " + e.getMessage(), e);
        }
        ObjectNode result = NODES.objectNode();
        result.put("apiVersion", apiVersion);
        result.put("kind", kind);
        JsonNode object = messageToJson(message, "", 0);
        if (object instanceof ObjectNode fields) {
            result.setAll(fields);
        }
        return result;
    }

    /**
     * Encodes an object as kubectl does: the magic, then a {@code runtime.Unknown} carrying the type and the
     * serialised message. For tests and clients of this server.
     */
    public static byte[] encode(String apiVersion, String kind, MessageLite object) {
        Runtime.Unknown envelope = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString())
                .setContentType(CONTENT_TYPE)
                .build();
        byte[] payload = envelope.toByteArray();
        byte[] body = new byte[MAGIC.length + payload.length];
        System.arraycopy(MAGIC, 0, body, 0, MAGIC.length);
        System.arraycopy(payload, 0, body, MAGIC.length, payload.length);
        return body;
    }

    /** The JSON of a message, or {@code null} when it stands for an absent value (a zero Time). */
    private static JsonNode messageToJson(Message message, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw ProtobufDecodeException.badRequest("the protobuf object is nested too deeply at " + path, null);
        }
        String type = message.getDescriptorForType().getFullName();
        switch (type) {
            case META + "Time":
                return time(message, RFC3339);
            case META + "MicroTime":
                return time(message, RFC3339_MICRO);
            case META + "Duration":
                return NODES.textNode(goDuration(longField(message, "duration")));
            case "k8s.io.apimachinery.pkg.api.resource.Quantity", "k8s.io.apimachinery.pkg.api.resource.QuantityValue":
                return NODES.textNode(stringField(message, "string"));
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
                return longField(message, "type") == 1
                        ? NODES.textNode(stringField(message, "strVal"))
                        : NODES.numberNode((int) longField(message, "intVal"));
            case "k8s.io.apimachinery.pkg.runtime.RawExtension":
                return embeddedJson(bytesField(message, "raw"), path);
            case META + "FieldsV1":
                return embeddedJson(bytesField(message, "Raw"), path);
            default:
                break;
        }
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            String fieldPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
            JsonNode value;
            if (field.isMapField()) {
                value = mapToJson(field, (List<?>) entry.getValue(), fieldPath, depth);
            } else if (field.isRepeated()) {
                ArrayNode array = NODES.arrayNode();
                for (Object element : (List<?>) entry.getValue()) {
                    JsonNode converted = valueToJson(field, element, fieldPath, depth);
                    array.add(converted == null ? NODES.nullNode() : converted);
                }
                value = array.isEmpty() ? null : array;
            } else {
                value = valueToJson(field, entry.getValue(), fieldPath, depth);
                if (value != null && field.getJavaType() != FieldDescriptor.JavaType.MESSAGE && isZero(value)
                        && !PointerFields.isPointer(type, field.getName())) {
                    value = null;
                }
            }
            if (value == null) {
                continue;
            }
            if (isInline(type, field) && value instanceof ObjectNode embedded) {
                object.setAll(embedded);
            } else {
                object.set(RENAMED.getOrDefault(type + "." + field.getName(), field.getName()), value);
            }
        }
        return object;
    }

    private static JsonNode mapToJson(FieldDescriptor field, List<?> entries, String path, int depth) {
        ObjectNode map = NODES.objectNode();
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        for (Object entry : entries) {
            Message pair = (Message) entry;
            String key = String.valueOf(pair.getField(keyField));
            JsonNode value = valueToJson(valueField, pair.getField(valueField), path + "[" + key + "]", depth);
            map.set(key, value == null ? NODES.nullNode() : value);
        }
        return map.isEmpty() ? null : map;
    }

    private static JsonNode valueToJson(FieldDescriptor field, Object value, String path, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> NODES.textNode((String) value);
            case INT -> NODES.numberNode((Integer) value);
            // As a JSON parser would read the same number: an int when it fits.
            case LONG -> (Long) value == ((Long) value).intValue()
                    ? NODES.numberNode(((Long) value).intValue()) : NODES.numberNode((Long) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> NODES.textNode(value.toString());
            case MESSAGE -> messageToJson((Message) value, path, depth + 1);
        };
    }

    private static boolean isInline(String messageType, FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && (INLINE_FIELD_NAMES.contains(field.getName()) || INLINE_FIELDS.contains(messageType + "." + field.getName()));
    }

    private static boolean isZero(JsonNode value) {
        return (value.isTextual() && value.asText().isEmpty())
                || (value.isNumber() && value.asDouble() == 0)
                || (value.isBoolean() && !value.asBoolean());
    }

    private static JsonNode time(Message message, DateTimeFormatter format) {
        FieldDescriptor secondsField = message.getDescriptorForType().findFieldByName("seconds");
        FieldDescriptor nanosField = message.getDescriptorForType().findFieldByName("nanos");
        boolean hasSeconds = message.hasField(secondsField);
        long seconds = hasSeconds ? (Long) message.getField(secondsField) : 0;
        int nanos = message.hasField(nanosField) ? (Integer) message.getField(nanosField) : 0;
        // Go writes a zero time as an empty message; JSON says null, which means "not set".
        if ((!hasSeconds && !message.hasField(nanosField)) || (seconds == ZERO_TIME_SECONDS && nanos == 0)) {
            return null;
        }
        return NODES.textNode(format.format(Instant.ofEpochSecond(seconds, nanos)));
    }

    private static JsonNode embeddedJson(byte[] raw, String path) {
        if (raw.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw ProtobufDecodeException.badRequest("the embedded object at " + path + " is not JSON: "
                    + e.getMessage(), e);
        }
    }

    private static long longField(Message message, String name) {
        Object value = message.getField(message.getDescriptorForType().findFieldByName(name));
        return ((Number) value).longValue();
    }

    private static String stringField(Message message, String name) {
        return (String) message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    private static byte[] bytesField(Message message, String name) {
        return ((ByteString) message.getField(message.getDescriptorForType().findFieldByName(name))).toByteArray();
    }

    /** A Go {@code time.Duration} in Go's own notation: {@code 1h0m0s}, {@code 1.5s}, {@code 300ms}, {@code 0s}. */
    static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        // Long.MIN_VALUE has no positive counterpart; one nanosecond off is of no consequence there.
        long u = nanos == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(nanos);
        if (u < 1_000L) {
            return sign + u + "ns";
        }
        if (u < 1_000_000L) {
            return sign + decimal(u, 1_000L) + "µs";
        }
        if (u < 1_000_000_000L) {
            return sign + decimal(u, 1_000_000L) + "ms";
        }
        long totalSeconds = u / 1_000_000_000L;
        long fraction = u % 1_000_000_000L;
        String seconds = decimal((totalSeconds % 60) * 1_000_000_000L + fraction, 1_000_000_000L) + "s";
        long totalMinutes = totalSeconds / 60;
        if (totalMinutes == 0) {
            return sign + seconds;
        }
        long hours = totalMinutes / 60;
        return sign + (hours > 0 ? hours + "h" : "") + (totalMinutes % 60) + "m" + seconds;
    }

    private static String decimal(long value, long unit) {
        long whole = value / unit;
        long fraction = value % unit;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        int digits = Long.toString(unit).length() - 1;
        String fractionText = String.format("%0" + digits + "d", fraction).replaceAll("0+$", "");
        return whole + "." + fractionText;
    }
}
