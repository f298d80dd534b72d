package dev.flotilla.placement;

/**
 * Replicas assigned to one cluster (also used for the current assignment).
 *
 * @param name     cluster name
 * @param replicas replica count, never negative
 */
public record ClusterAssignment(String name, int replicas) {
}
