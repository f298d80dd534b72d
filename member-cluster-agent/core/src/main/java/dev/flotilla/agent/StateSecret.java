package dev.flotilla.agent;

import dev.flotilla.api.validation.NameValidation;
import java.util.List;

/**
 * The Secret in the member cluster that holds the agent's state (its agent token), named on the command line as
 * {@code NAMESPACE/NAME}. The agent only reads and updates it: whoever installs the agent creates it, empty, so
 * that the agent's role can be limited to this one Secret (RBAC cannot limit {@code create} by name).
 *
 * @param namespace its namespace (a DNS-1123 label)
 * @param name its name (a DNS-1123 subdomain)
 */
public record StateSecret(String namespace, String name) {

  /** The key of the agent token in the Secret's data. */
  public static final String TOKEN_KEY = "agent-token";
  /** The label that marks the Secret as an agent's state (value {@code "true"}), for people and tooling. */
  public static final String STATE_LABEL = "flotilla.dev/agent-state";

  /**
   * Checks both parts.
   *
   * @throws IllegalArgumentException saying which part is wrong and why
   */
  public StateSecret {
    check("namespace", namespace, NameValidation.isDns1123Label(namespace == null ? "" : namespace));
    check("name", name, NameValidation.isDns1123Subdomain(name == null ? "" : name));
  }

  /**
   * Reads {@code NAMESPACE/NAME}.
   *
   * @param text e.g. {@code flotilla-system/flotilla-agent-state}
   * @return the reference
   * @throws IllegalArgumentException when the text is not of that shape or a part is not a valid name
   */
  public static StateSecret parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty; expected NAMESPACE/NAME, e.g. flotilla-system/flotilla-agent-state");
    }
    int slash = text.indexOf('/');
    if (slash < 0 || slash != text.lastIndexOf('/')) {
      throw new IllegalArgumentException("'" + text + "' is not NAMESPACE/NAME (exactly one '/'), e.g. "
          + "flotilla-system/flotilla-agent-state");
    }
    return new StateSecret(text.substring(0, slash), text.substring(slash + 1));
  }

  private static void check(String part, String value, List<String> errors) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the Secret's " + part + " is empty; expected NAMESPACE/NAME");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("the Secret's " + part + " '" + value + "' is invalid: "
          + String.join("; ", errors));
    }
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
