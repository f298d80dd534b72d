package dev.flotilla.apimachinery.patch;

import dev.flotilla.apimachinery.registry.ResourceType;

/**
 * Where the {@link Patcher} finds the patch strategies of a kind. The OpenAPI schema catalog implements it, so
 * strategic merge and the published {@code x-kubernetes-patch-*} extensions share one source of truth.
 */
@FunctionalInterface
public interface PatchMetaSource {

    /** The patch metadata of a whole object of this kind; {@link PatchMeta#NONE} when nothing is known. */
    PatchMeta patchMeta(ResourceType type);
}
