package dev.flotilla.apimachinery.openapi;

/** A CRD file could not be read or is not a usable {@code apiextensions.k8s.io/v1} CustomResourceDefinition. */
public final class CrdLoadException extends RuntimeException {

    public CrdLoadException(String message) {
        super(message);
    }

    public CrdLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
