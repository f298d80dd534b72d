package dev.flotilla.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Keeps the agent token in {@code <stateDir>/agent-token} (owner read/write only), so a restarted agent carries on
 * without the bootstrap token. Written atomically: a crash leaves either the old or the new token, never half.
 * For agents outside Kubernetes; inside, a pod's folders do not survive a move: use {@link SecretTokenStore}.
 */
public final class FileTokenStore implements TokenStore {

  /** File name of the token inside the state directory. */
  public static final String TOKEN_FILE = "agent-token";

  private final Path file;

  /**
   * A store in a directory (created when the first token is saved).
   *
   * @param stateDir the agent's state directory
   */
  public FileTokenStore(Path stateDir) {
    this.file = stateDir.resolve(TOKEN_FILE);
  }

  /**
   * Reads the saved token.
   *
   * @return the token, or empty when none was saved
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  @Override
  public Optional<String> load() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the saved agent token " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Saves a token, replacing any other.
   *
   * @param token the agent token
   * @throws UncheckedIOException when it cannot be written
   */
  @Override
  public void save(String token) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(TOKEN_FILE + ".tmp");
      Files.deleteIfExists(temp);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the agent token to " + file + ": " + e.getMessage(), e);
    }
  }

  /** @return the token file */
  public Path file() {
    return file;
  }

  @Override
  public String location() {
    return "file " + file.toAbsolutePath();
  }
}
