package dev.flotilla.apimachinery.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Networking;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.flotilla.apimachinery.TestTypes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufDecoderTest {

    /** ObjectMeta as Go's generated marshaller writes it: every non-pointer field, empty or not. */
    private static Meta.ObjectMeta.Builder goMeta(String name, String namespace) {
        return Meta.ObjectMeta.newBuilder()
                .setName(name).setGenerateName("").setNamespace(namespace).setSelfLink("").setUid("")
                .setResourceVersion("").setGeneration(0)
                .setCreationTimestamp(Meta.Time.newBuilder().build());
    }

    @Test
    void kubectlCreateNamespace() {
        V1.Namespace namespace = V1.Namespace.newBuilder()
                .setMetadata(goMeta("team-a", ""))
                .setSpec(V1.NamespaceSpec.newBuilder())
                .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
                .build();
        JsonNode decoded = ProtobufDecoder.decode(ProtobufDecoder.encode("v1", "Namespace", namespace));
        assertThat(decoded).isEqualTo(json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'team-a'},'spec':{},'status':{}}"));
        assertThat(decoded.fieldNames().next()).isEqualTo("apiVersion");
    }

    @Test
    void kubectlCreateConfigMapWithBinaryData() {
        V1.ConfigMap configMap = V1.ConfigMap.newBuilder()
                .setMetadata(goMeta("settings", "default").putLabels("app", "web"))
                .putData("mode", "fast").putData("empty", "")
                .putBinaryData("blob", ByteString.copyFrom(new byte[]{0, 1, 2, (byte) 255}))
                .setImmutable(false)
                .build();
        JsonNode decoded = ProtobufDecoder.decode(ProtobufDecoder.encode("v1", "ConfigMap", configMap));
        assertThat(decoded).isEqualTo(json("""
                {'apiVersion':'v1','kind':'ConfigMap',
                 'metadata':{'name':'settings','namespace':'default','labels':{'app':'web'}},
                 'immutable':false,'data':{'mode':'fast','empty':''},'binaryData':{'blob':'AAEC/w=='}}"""));
    }

    @Test
    void secretBytesBecomeBase64() {
        V1.Secret secret = V1.Secret.newBuilder()
                .setMetadata(goMeta("creds", "default"))
                .putData("password", ByteString.copyFrom("s3cr3t", StandardCharsets.UTF_8))
                .putStringData("user", "admin")
                .setType("Opaque")
                .build();
        JsonNode decoded = ProtobufDecoder.decode(ProtobufDecoder.encode("v1", "Secret", secret));
        assertThat(decoded.get("data")).isEqualTo(json("{'password':'czNjcjN0'}"));
        assertThat(decoded.get("stringData")).isEqualTo(json("{'user':'admin'}"));
        assertThat(decoded.get("type").asText()).isEqualTo("Opaque");
    }

    @Test
    void deploymentWithKubernetesIdioms() {
        V1.Container container = V1.Container.newBuilder()
                .setName("web").setImage("nginx").setImagePullPolicy("")
                .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setProtocol("TCP").setHostPort(0))
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits("cpu", Resource.Quantity.newBuilder().setString("500m").build())
                        .putRequests("memory", Resource.Quantity.newBuilder().setString("64Mi").build()))
                .setReadinessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                                .setPath("/healthz")
                                .setPort(IntStr.IntOrString.newBuilder().setType(1).setStrVal("http"))))
                        .setPeriodSeconds(5))
                .setSecurityContext(V1.SecurityContext.newBuilder().setRunAsUser(0).setPrivileged(false))
                .build();
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(goMeta("web", "default")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_700_000_000L).setNanos(0))
                        .addFinalizers("example.com/keep"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(0)
                        .setMinReadySeconds(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))
                                        .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(0))))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(goMeta("", "").putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(container)
                                        .addVolumes(V1.Volume.newBuilder().setName("data").setVolumeSource(
                                                V1.VolumeSource.newBuilder().setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                                                        .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("settings"))
                                                        .setDefaultMode(420))))
                                        .setTerminationGracePeriodSeconds(0))))
                .build();
        JsonNode decoded = ProtobufDecoder.decode(ProtobufDecoder.encode("apps/v1", "Deployment", deployment));
        assertThat(decoded).isEqualTo(json("""
                {'apiVersion':'apps/v1','kind':'Deployment',
                 'metadata':{'name':'web','namespace':'default','creationTimestamp':'2023-11-14T22:13:20Z',
                             'finalizers':['example.com/keep']},
                 'spec':{'replicas':0,'selector':{'matchLabels':{'app':'web'}},
                   'template':{'metadata':{'labels':{'app':'web'}},
                     'spec':{'volumes':[{'name':'data','configMap':{'name':'settings','defaultMode':420}}],
                       'containers':[{'name':'web','image':'nginx','ports':[{'containerPort':80,'protocol':'TCP'}],
                         'resources':{'limits':{'cpu':'500m'},'requests':{'memory':'64Mi'}},
                         'readinessProbe':{'httpGet':{'path':'/healthz','port':'http'},'periodSeconds':5},
                         'securityContext':{'privileged':false,'runAsUser':0}}],
                       'terminationGracePeriodSeconds':0}},
                   'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':0,'maxSurge':'25%'}}}}"""));
    }

    @Test
    void serviceTargetPortAndTimes() {
        V1.Service service = V1.Service.newBuilder()
                .setMetadata(goMeta("web", "default")
                        .setDeletionTimestamp(Meta.Time.newBuilder().setSeconds(-62135596800L)))
                .setSpec(V1.ServiceSpec.newBuilder().setType("ClusterIP")
                        .addPorts(V1.ServicePort.newBuilder().setName("http").setPort(80)
                                .setTargetPort(IntStr.IntOrString.newBuilder().setType(0).setIntVal(8080))))
                .build();
        JsonNode decoded = ProtobufDecoder.decode(ProtobufDecoder.encode("v1", "Service", service));
        assertThat(decoded.at("/metadata").has("deletionTimestamp")).isFalse();
        assertThat(decoded.at("/spec/ports/0")).isEqualTo(json("{'name':'http','port':80,'targetPort':8080}"));
    }

    @Test
    void embeddedJsonAndMicroTime() {
        V1.Event event = V1.Event.newBuilder()
                .setMetadata(goMeta("e1", "default").addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
                        .setManager("kubectl").setOperation("Update")
                        .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(ByteString.copyFromUtf8("{\"f:data\":{}}")))))
                .setEventTime(Meta.MicroTime.newBuilder().setSeconds(1_700_000_000L).setNanos(123_456_000))
                .setReason("Started")
                .build();
        JsonNode decoded = ProtobufDecoder.decode(ProtobufDecoder.encode("v1", "Event", event));
        assertThat(decoded.get("eventTime").asText()).isEqualTo("2023-11-14T22:13:20.123456Z");
        assertThat(decoded.at("/metadata/managedFields/0")).isEqualTo(
                json("{'manager':'kubectl','operation':'Update','fieldsV1':{'f:data':{}}}"));
    }

    @Test
    void ingressClassParametersUseTheJsonName() {
        V1Networking.IngressClass ingressClass = V1Networking.IngressClass.newBuilder()
                .setMetadata(goMeta("nginx", ""))
                .setSpec(V1Networking.IngressClassSpec.newBuilder().setController("k8s.io/ingress-nginx")
                        .setParameters(V1Networking.IngressClassParametersReference.newBuilder()
                                .setAPIGroup("example.com").setKind("Params").setName("p")))
                .build();
        JsonNode decoded = ProtobufDecoder.decode(ProtobufDecoder.encode("networking.k8s.io/v1", "IngressClass", ingressClass));
        assertThat(decoded.at("/spec/parameters/apiGroup").asText()).isEqualTo("example.com");
    }

    @Test
    void rejectsBodiesWithoutTheMagic() {
        assertThatThrownBy(() -> ProtobufDecoder.decode("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProtobufDecodeException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("k8s\\x00");
                });
        assertThatThrownBy(() -> ProtobufDecoder.decode(new byte[]{'k', '8'})).isInstanceOf(ProtobufDecodeException.class);
    }

    @Test
    void rejectsAMalformedEnvelopeOrMessage() {
        byte[] garbage = {'k', '8', 's', 0, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> ProtobufDecoder.decode(garbage))
                .isInstanceOfSatisfying(ProtobufDecodeException.class, e -> assertThat(e.status()).isEqualTo(400));
        byte[] badRaw = withMagic(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
                .setRaw(ByteString.copyFrom(new byte[]{(byte) 0x0a, (byte) 0x05, 1})).build());
        assertThatThrownBy(() -> ProtobufDecoder.decode(badRaw))
                .isInstanceOfSatisfying(ProtobufDecodeException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("ConfigMap");
                });
        byte[] noKind = withMagic(Runtime.Unknown.newBuilder().setRaw(ByteString.EMPTY).build());
        assertThatThrownBy(() -> ProtobufDecoder.decode(noKind)).hasMessageContaining("typeMeta");
    }

    @Test
    void unknownKindsAndEncodingsAreUnsupportedMediaTypes() {
        byte[] custom = withMagic(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("flotilla.dev/v1alpha1").setKind("Cluster"))
                .build());
        assertThatThrownBy(() -> ProtobufDecoder.decode(custom))
                .isInstanceOfSatisfying(ProtobufDecodeException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
                    assertThat(e.getMessage()).contains("Cluster").contains("application/json");
                });
        byte[] gzip = withMagic(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
                .setContentEncoding("gzip").build());
        assertThatThrownBy(() -> ProtobufDecoder.decode(gzip))
                .isInstanceOfSatisfying(ProtobufDecodeException.class, e -> assertThat(e.status()).isEqualTo(415));
    }

    @Test
    void recognisesTheContentType() {
        assertThat(ProtobufDecoder.isProtobuf("application/vnd.kubernetes.protobuf")).isTrue();
        assertThat(ProtobufDecoder.isProtobuf("application/vnd.kubernetes.protobuf; charset=utf-8")).isTrue();
        assertThat(ProtobufDecoder.isProtobuf("application/json")).isFalse();
        assertThat(ProtobufDecoder.isProtobuf(null)).isFalse();
    }

    @Test
    void formatsGoDurations() {
        assertThat(ProtobufDecoder.goDuration(0)).isEqualTo("0s");
        assertThat(ProtobufDecoder.goDuration(1_500)).isEqualTo("1.5µs");
        assertThat(ProtobufDecoder.goDuration(300_000_000)).isEqualTo("300ms");
        assertThat(ProtobufDecoder.goDuration(1_500_000_000)).isEqualTo("1.5s");
        assertThat(ProtobufDecoder.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(ProtobufDecoder.goDuration(-90_000_000_000L)).isEqualTo("-1m30s");
    }

    /**
     * Every protobuf field reachable from the kinds kubectl creates must come out under a name the fabric8
     * model (which follows the Kubernetes JSON) knows, after the decoder's inline flattening and renames.
     */
    @Test
    void protobufFieldNamesAreTheKubernetesJsonNames() {
        ObjectMapper mapper = new ObjectMapper();
        Deque<Descriptor> pending = new ArrayDeque<>(List.of(V1.Namespace.getDescriptor(), V1.ConfigMap.getDescriptor(),
                V1.Secret.getDescriptor(), V1.Service.getDescriptor(), V1.ServiceAccount.getDescriptor(),
                V1Apps.Deployment.getDescriptor(), V1Apps.StatefulSet.getDescriptor(),
                io.kubernetes.client.proto.V1Batch.CronJob.getDescriptor(), V1Networking.Ingress.getDescriptor()));
        Set<String> seen = new HashSet<>();
        Set<String> mismatches = new TreeSet<>();
        int checked = 0;
        while (!pending.isEmpty()) {
            Descriptor message = pending.pop();
            if (!seen.add(message.getFullName()) || message.getOptions().getMapEntry()) {
                continue;
            }
            // Types the decoder converts to strings, numbers or embedded JSON have no JSON fields of their own.
            Class<?> model = Set.of("FieldsV1", "Time", "MicroTime", "Duration", "Quantity", "IntOrString", "RawExtension")
                    .contains(message.getName()) ? null : fabric8Class(message);
            Set<String> jsonNames = new HashSet<>();
            if (model != null) {
                mapper.getSerializationConfig().introspect(mapper.constructType(model)).findProperties()
                        .forEach(p -> jsonNames.add(p.getName()));
            }
            for (FieldDescriptor field : message.getFields()) {
                if (field.isMapField()) {
                    FieldDescriptor value = field.getMessageType().findFieldByName("value");
                    if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                        pending.push(value.getMessageType());
                    }
                } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    pending.push(field.getMessageType());
                }
                if (model == null || jsonNames.contains(field.getName())) {
                    continue;
                }
                checked++;
                String key = message.getFullName() + "." + field.getName();
                boolean inline = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                        && (Set.of("localObjectReference", "ephemeralContainerCommon", "persistentVolumeSource",
                        "volumeSource", "ingressRuleValue").contains(field.getName()) || key.equals("k8s.io.api.core.v1.Probe.handler"));
                if (!inline && !key.equals("k8s.io.api.core.v1.PodResourceClaim.source")) {
                    mismatches.add(key);
                }
            }
        }
        assertThat(seen).hasSizeGreaterThan(100);
        assertThat(checked).isPositive();
        assertThat(mismatches).isEmpty();
    }

    private static Class<?> fabric8Class(Descriptor message) {
        String pkg = message.getFile().getPackage();
        String base = "io.fabric8.kubernetes.api.model.";
        String candidate = switch (pkg) {
            case "k8s.io.api.core.v1", "k8s.io.apimachinery.pkg.apis.meta.v1" -> base;
            case "k8s.io.api.apps.v1" -> base + "apps.";
            default -> pkg.startsWith("k8s.io.api.") ? base + pkg.substring("k8s.io.api.".length()) + "." : null;
        };
        if (candidate == null) {
            return null;
        }
        try {
            return Class.forName(candidate + message.getName());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static byte[] withMagic(Runtime.Unknown unknown) {
        byte[] payload = unknown.toByteArray();
        byte[] body = new byte[payload.length + 4];
        body[0] = 'k';
        body[1] = '8';
        body[2] = 's';
        System.arraycopy(payload, 0, body, 4, payload.length);
        return body;
    }
}
