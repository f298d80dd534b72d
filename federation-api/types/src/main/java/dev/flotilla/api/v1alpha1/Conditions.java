package dev.flotilla.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Condition types of the Flotilla kinds and helpers to read and set Kubernetes-style conditions
 * ({@code metav1.Condition}: type, status True|False|Unknown, reason, message, lastTransitionTime).
 */
public final class Conditions {

  /** On a Cluster: whether the member is healthy and reporting. */
  public static final String READY = "Ready";
  /** On a ResourceBinding: whether the scheduler placed it (False with the reason when it could not). */
  public static final String SCHEDULED = "Scheduled";
  /** On a ResourceBinding: whether every target cluster applied its Work. */
  public static final String FULLY_APPLIED = "FullyApplied";
  /** On a Work: whether the member applied all of its manifests. */
  public static final String APPLIED = "Applied";

  /** Condition status True. */
  public static final String TRUE = "True";
  /** Condition status False. */
  public static final String FALSE = "False";
  /** Condition status Unknown. */
  public static final String UNKNOWN = "Unknown";
  /** The allowed condition statuses. */
  public static final List<String> STATUSES = List.of(TRUE, FALSE, UNKNOWN);

  private Conditions() {
  }

  /**
   * Finds a condition by type.
   *
   * @param conditions the list, may be null
   * @param type the condition type
   * @return the first condition of that type
   */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> c != null && Objects.equals(type, c.getType())).findFirst();
  }

  /**
   * Whether a condition of the type exists with status True.
   *
   * @param conditions the list, may be null
   * @param type the condition type
   * @return true if found and True
   */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /**
   * Creates a condition stamped with the given time.
   *
   * @param type condition type
   * @param status True, False or Unknown
   * @param reason one CamelCase word
   * @param message a sentence for people, may be null
   * @param now the transition time
   * @return the condition
   */
  public static Condition of(String type, String status, String reason, String message, Instant now) {
    Condition condition = new Condition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return condition;
  }

  /**
   * Returns a copy of the list with the condition set, replacing any of the same type. As in Kubernetes'
   * {@code meta.SetStatusCondition}, lastTransitionTime keeps its old value when the status did not change, so it
   * records when the status last flipped rather than when it was last reported.
   *
   * @param conditions the current list, may be null
   * @param condition the new condition (its lastTransitionTime is used when the status changed)
   * @return a new list
   */
  public static List<Condition> set(List<Condition> conditions, Condition condition) {
    List<Condition> result = new ArrayList<>();
    boolean replaced = false;
    if (conditions != null) {
      for (Condition existing : conditions) {
        if (existing != null && Objects.equals(existing.getType(), condition.getType())) {
          if (!replaced) {
            Condition copy = copy(condition);
            if (Objects.equals(existing.getStatus(), condition.getStatus())
                && existing.getLastTransitionTime() != null) {
              copy.setLastTransitionTime(existing.getLastTransitionTime());
            }
            result.add(copy);
            replaced = true;
          }
        } else {
          result.add(existing);
        }
      }
    }
    if (!replaced) {
      result.add(copy(condition));
    }
    return result;
  }

  private static Condition copy(Condition condition) {
    return new Condition(condition.getLastTransitionTime(), condition.getMessage(),
        condition.getObservedGeneration(), condition.getReason(), condition.getStatus(), condition.getType());
  }
}
