package dev.flotilla.server.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;

import java.util.List;

/**
 * Checks an object before it is stored. Returns the field errors (empty when valid); the API answers 422 Invalid
 * with them and stores nothing.
 */
public interface Validator {

    /**
     * @param type     the kind being written
     * @param object   the object as it would be stored
     * @param previous the stored object it replaces, or {@code null} on create
     */
    List<ApiException.Cause> validate(ResourceType type, ObjectNode object, ObjectNode previous);
}
