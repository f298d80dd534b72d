package dev.flotilla.server.core;

import dev.flotilla.store.StoredObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The API form of a stored object as bytes, without parsing it: the stored JSON with
 * {@code "resourceVersion":"<mod revision>"} spliced in as the first field of the top-level {@code metadata}.
 * Reads, lists and watches are served this way, so the hot paths copy bytes instead of building trees.
 */
public final class ObjectBytes {

    private static final byte[] METADATA = "\"metadata\":{".getBytes(StandardCharsets.UTF_8);

    private ObjectBytes() {
    }

    /** Appends the object, with its resourceVersion, to {@code out}. */
    public static void write(StoredObject stored, ByteArrayOutputStream out) {
        byte[] value = stored.value();
        int open = topLevelMetadataStart(value);
        if (open < 0) {
            // Not the shape ObjectService stores (no top-level metadata object): take the slow, general path.
            byte[] general = Json.bytes(ObjectService.toApi(stored));
            out.write(general, 0, general.length);
            return;
        }
        int afterBrace = open + METADATA.length;
        out.write(value, 0, afterBrace);
        byte[] version = ("\"resourceVersion\":\"" + stored.modRevision() + "\"").getBytes(StandardCharsets.UTF_8);
        out.write(version, 0, version.length);
        if (value[skipSpace(value, afterBrace)] != '}') {
            out.write(',');
        }
        out.write(value, afterBrace, value.length - afterBrace);
    }

    public static byte[] bytes(StoredObject stored) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stored.value().length + 32);
        write(stored, out);
        return out.toByteArray();
    }

    /**
     * The index of {@code "metadata":{} at nesting depth 1 (a key of the top-level object), or -1. Strings are
     * skipped with their escapes, so a value that merely contains those characters is never mistaken for the key.
     */
    static int topLevelMetadataStart(byte[] json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            if (b == '"') {
                if (depth == 1 && matches(json, i, METADATA)) {
                    return i;
                }
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] json, int at, byte[] pattern) {
        if (at + pattern.length > json.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (json[at + i] != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(byte[] json, int at) {
        int i = at;
        while (i < json.length && (json[i] == ' ' || json[i] == '\n' || json[i] == '\t' || json[i] == '\r')) {
            i++;
        }
        return Math.min(i, json.length - 1);
    }
}
