package dev.flotilla.api.v1alpha1;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * Schema stand-in for one manifest of a Work: an object whose fields are all kept
 * ({@code x-kubernetes-preserve-unknown-fields}), so a manifest's spec and status survive schema pruning. The Java
 * type of a manifest is {@link io.fabric8.kubernetes.api.model.GenericKubernetesResource}; this class only shapes
 * the generated CRD and is never instantiated.
 */
@PreserveUnknownFields
final class ManifestSchema {

  private ManifestSchema() {
  }
}
