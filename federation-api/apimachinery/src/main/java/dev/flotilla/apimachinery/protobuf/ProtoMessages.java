package dev.flotilla.apimachinery.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V1beta1Apiextensions;
import io.kubernetes.client.proto.V2beta2Autoscaling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the protobuf message type of a kind by group, version and kind, over the descriptors of the generated
 * classes in {@code io.kubernetes:client-java-proto}. A proto package {@code k8s.io.api.<dir>.<version>} holds
 * the kinds of the group whose first label is {@code <dir>} ({@code core} for the core group).
 */
final class ProtoMessages {

    private static final List<FileDescriptor> FILES = List.of(V1.getDescriptor(), V1Apps.getDescriptor(),
            V1Batch.getDescriptor(), V1Networking.getDescriptor(), V1Policy.getDescriptor(), V1Rbac.getDescriptor(),
            V1Autoscaling.getDescriptor(), V2beta2Autoscaling.getDescriptor(), V1Scheduling.getDescriptor(),
            V1Storage.getDescriptor(), V1Certificates.getDescriptor(), V1Authentication.getDescriptor(),
            V1Authorization.getDescriptor(), V1Admissionregistration.getDescriptor(),
            V1beta1Apiextensions.getDescriptor());

    /** "dir/version" → kind → message. */
    private static final Map<String, Map<String, Descriptor>> BY_PACKAGE = new HashMap<>();

    static {
        for (FileDescriptor file : FILES) {
            String[] segments = file.getPackage().split("\\.");
            if (segments.length < 2) {
                continue;
            }
            String key = segments[segments.length - 2] + "/" + segments[segments.length - 1];
            Map<String, Descriptor> kinds = BY_PACKAGE.computeIfAbsent(key, k -> new HashMap<>());
            for (Descriptor message : file.getMessageTypes()) {
                kinds.putIfAbsent(message.getName(), message);
            }
        }
    }

    private ProtoMessages() {
    }

    /** The message of a kind, e.g. ({@code apps/v1}, {@code Deployment}) → {@code k8s.io.api.apps.v1.Deployment}. */
    static Optional<Descriptor> forKind(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        String dir = group.isEmpty() ? "core" : group.split("\\.", 2)[0];
        Map<String, Descriptor> kinds = BY_PACKAGE.get(dir + "/" + version);
        if (kinds == null) {
            return Optional.empty();
        }
        Descriptor descriptor = kinds.get(kind);
        // Only top-level objects (those with ObjectMeta) are request bodies.
        if (descriptor == null || descriptor.findFieldByName("metadata") == null) {
            return Optional.empty();
        }
        return Optional.of(descriptor);
    }
}
