package dev.flotilla.server.core;

/**
 * How a write is carried out.
 *
 * @param dryRun          validate and answer as if written, but store nothing
 * @param fieldValidation {@code Strict} (unknown fields are an error), {@code Warn} (dropped, with a warning) or
 *                        {@code Ignore} (dropped silently)
 */
public record WriteOptions(boolean dryRun, String fieldValidation) {

    public static final WriteOptions DEFAULT = new WriteOptions(false, "Warn");

    public boolean strict() {
        return "Strict".equals(fieldValidation);
    }
}
