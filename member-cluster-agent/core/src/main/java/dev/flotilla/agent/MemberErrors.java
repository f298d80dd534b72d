package dev.flotilla.agent;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/** Words a failed call to the member for people: the member's own message when it answered, else why not. */
final class MemberErrors {

  private MemberErrors() {
  }

  /**
   * Describes a member failure.
   *
   * @param e the failure
   * @param timeout the member timeout, named when the member did not answer in time
   * @return a one-line description
   */
  static String describe(KubernetesClientException e, Duration timeout) {
    int code = e.getCode();
    if (code > 0) {
      Status status = e.getStatus();
      String reason = status != null && status.getReason() != null ? " " + status.getReason() : "";
      String message = status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
      return "HTTP " + code + reason + ": " + message;
    }
    if (timedOut(e)) {
      return "no answer from the member within " + timeout.toMillis() + " ms";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return "the member's API server is unreachable: " + detail;
  }

  static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
          || t instanceof java.net.http.HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
