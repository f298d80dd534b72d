package dev.flotilla.agent;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * A control-plane call that failed for good (after the guard's retries), with a message saying what was attempted
 * and what went wrong.
 */
public final class ControlPlaneException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String operation;
  private final int code;

  /**
   * Wraps a failure.
   *
   * @param operation what was attempted
   * @param cause why it failed
   */
  public ControlPlaneException(String operation, Throwable cause) {
    super(describe(operation, cause), cause);
    this.operation = operation;
    this.code = ControlPlaneGuard.httpCode(cause);
  }

  /** @return what was attempted */
  public String operation() {
    return operation;
  }

  /** @return the control plane's HTTP status, or 0 when it did not answer */
  public int code() {
    return code;
  }

  /** @return true when the failure was transient (no answer, 5xx, timeout, breaker open) */
  public boolean isTransient() {
    return ControlPlaneGuard.isTransient(getCause()) || getCause() instanceof CircuitBreakerOpenException;
  }

  private static String describe(String operation, Throwable cause) {
    String why;
    if (cause instanceof CircuitBreakerOpenException) {
      why = "circuit breaker open after repeated failures; not trying for a moment";
    } else if (cause instanceof TimeoutException) {
      why = "no answer in time";
    } else {
      int code = ControlPlaneGuard.httpCode(cause);
      String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      why = code <= 0 ? "unreachable: " + message
          : message.contains("HTTP " + code) ? message : "HTTP " + code + ": " + message;
    }
    return operation + " failed: " + why;
  }
}
