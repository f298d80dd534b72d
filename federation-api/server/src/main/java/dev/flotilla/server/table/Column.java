package dev.flotilla.server.table;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.function.BiFunction;

/**
 * One column of a {@code kubectl get} table: its definition as {@code meta.k8s.io/v1 Table} declares it, and
 * how its cell is computed from an object.
 *
 * @param type     {@code string}, {@code integer}, {@code number}, {@code boolean} or {@code date}
 * @param format   {@code name} for the name column (kubectl's {@code --show-kind} needs it), else empty
 * @param priority 0 shows by default, 1 only with {@code -o wide}
 */
public record Column(String name, String type, String format, String description, int priority,
                     BiFunction<ObjectNode, Instant, Object> cell) {

    public static Column of(String name, String type, BiFunction<ObjectNode, Instant, Object> cell) {
        return new Column(name, type, "", "", 0, cell);
    }

    public static Column wide(String name, String type, BiFunction<ObjectNode, Instant, Object> cell) {
        return new Column(name, type, "", "", 1, cell);
    }
}
