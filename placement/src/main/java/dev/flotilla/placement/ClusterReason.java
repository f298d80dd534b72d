package dev.flotilla.placement;

/**
 * Why a cluster was left out or limited, e.g. "taint dedicated=gpu:NoSchedule not tolerated" or "capacity 3".
 *
 * @param name   cluster name
 * @param reason human-readable reason
 */
public record ClusterReason(String name, String reason) {
}
