package dev.flotilla.agent;

import java.util.Optional;

/**
 * Where the agent keeps the agent token the control plane issued it, so that a restarted agent carries on as the
 * same member without the bootstrap token: a file ({@link FileTokenStore}, for agents run outside Kubernetes) or a
 * Secret in the member cluster ({@link SecretTokenStore}, which survives the agent's pod moving to another node).
 * Implementations never log the token.
 */
public interface TokenStore {

  /**
   * Reads the saved token.
   *
   * @return the token, or empty when none was saved yet
   * @throws RuntimeException with a message naming the store when it cannot be read
   */
  Optional<String> load();

  /**
   * Saves a token, replacing any other.
   *
   * @param token the agent token
   * @throws RuntimeException with a message naming the store when it cannot be written
   */
  void save(String token);

  /** @return where the token is kept, for logs and errors, e.g. {@code Secret flotilla-system/flotilla-agent-state} */
  String location();
}
