package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many replicas each ReplicaSet of a Deployment should have next, as pure data — the Deployment controller's
 * scaling step. Rolling updates respect maxSurge (extra Pods above the desired count) and maxUnavailable (how many
 * fewer than desired may be available), removing old Pods that are not available first; Recreate scales the old
 * ReplicaSets to zero and starts the new one only once their Pods are gone.
 */
final class Rollout {

    /** One ReplicaSet: its desired replicas, its Pods that exist and those available. */
    record ReplicaSetState(String name, int specReplicas, int currentReplicas, int availableReplicas) {
    }

    private Rollout() {
    }

    /**
     * Returns the new spec.replicas of every ReplicaSet (the new one first, then {@code old} in the given order,
     * oldest first).
     */
    static Map<String, Integer> plan(int desired, boolean recreate, IntOrString maxSurge, IntOrString maxUnavailable,
                                     ReplicaSetState newSet, List<ReplicaSetState> old) {
        Map<String, Integer> next = new LinkedHashMap<>();
        next.put(newSet.name(), newSet.specReplicas());
        old.forEach(set -> next.put(set.name(), set.specReplicas()));

        boolean oldActive = old.stream().anyMatch(set -> set.specReplicas() > 0 || set.currentReplicas() > 0);
        if (recreate) {
            if (old.stream().anyMatch(set -> set.specReplicas() > 0)) {
                old.forEach(set -> next.put(set.name(), 0));
            } else if (!oldActive) {
                next.put(newSet.name(), desired);
            }
            return next;
        }
        if (old.stream().noneMatch(set -> set.specReplicas() > 0)) {
            next.put(newSet.name(), desired);
            return next;
        }

        int surge = resolve(maxSurge, desired, true, "25%");
        int unavailable = resolve(maxUnavailable, desired, false, "25%");
        if (surge == 0 && unavailable == 0) {
            surge = 1; // Kubernetes refuses both zero; stay able to progress
        }
        int oldSpec = old.stream().mapToInt(ReplicaSetState::specReplicas).sum();

        // Scale the new ReplicaSet up within the surge allowance (or straight down to the desired count).
        int newSpec = newSet.specReplicas();
        if (newSpec > desired) {
            newSpec = desired;
        } else {
            int room = desired + surge - (newSpec + oldSpec);
            if (room > 0) {
                newSpec = Math.min(desired, newSpec + room);
            }
        }
        next.put(newSet.name(), newSpec);

        // Remove old Pods that are not available: they cost no availability.
        int minAvailable = Math.max(0, desired - unavailable);
        int newUnavailable = Math.max(0, newSet.specReplicas() - newSet.availableReplicas());
        int cleanup = Math.max(0, newSet.specReplicas() + oldSpec - minAvailable - newUnavailable);
        List<int[]> remaining = new ArrayList<>();
        for (ReplicaSetState set : old) {
            int unhealthy = Math.max(0, set.specReplicas() - set.availableReplicas());
            int drop = Math.min(unhealthy, cleanup);
            cleanup -= drop;
            remaining.add(new int[] {set.specReplicas() - drop});
        }

        // Then old available Pods, as long as enough stay available.
        int available = newSet.availableReplicas()
                + old.stream().mapToInt(ReplicaSetState::availableReplicas).sum();
        int budget = Math.max(0, available - minAvailable);
        for (int i = 0; i < old.size(); i++) {
            int spec = remaining.get(i)[0];
            int drop = Math.min(spec, budget);
            budget -= drop;
            next.put(old.get(i).name(), spec - drop);
        }
        return next;
    }

    /** maxSurge rounds a percentage up, maxUnavailable rounds it down, as Kubernetes does. */
    static int resolve(IntOrString value, int desired, boolean roundUp, String defaultValue) {
        IntOrString effective = value == null ? new IntOrString(defaultValue) : value;
        if (effective.getIntVal() != null) {
            return Math.max(0, effective.getIntVal());
        }
        String text = effective.getStrVal().trim();
        if (!text.endsWith("%")) {
            try {
                return Math.max(0, Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer or a percentage: '" + text + "'");
            }
        }
        int percent;
        try {
            percent = Integer.parseInt(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer or a percentage: '" + text + "'");
        }
        double exact = desired * percent / 100.0;
        return Math.max(0, (int) (roundUp ? Math.ceil(exact) : Math.floor(exact)));
    }
}
