package dev.flotilla.apimachinery.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.apimachinery.registry.ResourceType;

/**
 * One served version of a custom resource definition: the kind as the registry serves it and the version's
 * {@code openAPIV3Schema} (or {@code null} when the CRD declares none).
 *
 * @param crdName the CRD's {@code metadata.name}, e.g. {@code clusters.flotilla.dev}
 * @param type    the kind, ready for {@code ResourceRegistry.register}
 * @param schema  the version's {@code openAPIV3Schema}, ready for {@link SchemaCatalog#register}
 * @param storage whether this is the CRD's storage version
 */
public record CustomKind(String crdName, ResourceType type, JsonNode schema, boolean storage) {
}
