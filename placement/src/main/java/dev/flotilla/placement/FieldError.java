package dev.flotilla.placement;

/**
 * One validation error, for a Kubernetes-style 422 {@code Status} cause.
 *
 * @param field   JSON-ish path, e.g. {@code placement.replicaScheduling.weightPreference.staticWeightList[0].weight}
 * @param message what is wrong
 */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
