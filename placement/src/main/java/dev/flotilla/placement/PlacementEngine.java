package dev.flotilla.placement;

import java.util.List;

/**
 * The placement engine: decides which member clusters run a workload and how many replicas each gets.
 *
 * <p>Pure and deterministic: no I/O, no threads, no clock, no logging. The same request always gives the same
 * result, whatever the order of its cluster list. The steps follow Karmada's generic scheduler:
 * <ol>
 *   <li>filter: cluster affinity, taints (a not-ready cluster carries {@value ClusterInfo#NOT_READY_TAINT_KEY}:
 *       NoSchedule), weight rules, capacity and maxReplicas;</li>
 *   <li>score and select: spread constraints pick regions, zones and clusters, preferring (in Steady mode)
 *       where the workload already runs, then capacity, then weight, then a stable hash;</li>
 *   <li>divide: Duplicated, Weighted (Webster / Sainte-Laguë with quota, house-monotone) or Aggregated, within
 *       per-cluster bounds, starting from the current assignment in Steady mode.</li>
 * </ol>
 * With {@code clusterAffinities} the steps run per group, in order, until one group holds the workload.
 */
public final class PlacementEngine {
  private PlacementEngine() {
  }

  /**
   * Places a workload.
   *
   * @throws PlacementValidationException if the request is invalid (see {@link PlacementPolicyValidator})
   */
  public static PlacementResult place(PlacementRequest request) {
    // Everything but unique names first; the run sorts the clusters by name and merges the current assignment
    // with them, which shows repeats. Any problem, and the request is validated again in full, for exactly the
    // errors validateRequest gives.
    List<FieldError> errors = PlacementPolicyValidator.validateRequest(request, false);
    PlacementRun run = errors.isEmpty() ? new PlacementRun(request) : null;
    if (run == null || run.hasDuplicateNames()) {
      throw new PlacementValidationException(PlacementPolicyValidator.validateRequest(request));
    }
    return run.run();
  }
}
