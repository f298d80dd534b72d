package dev.flotilla.deploy.images;

/** An image cannot be built; the message says what is missing or what failed, and how to fix it. */
public final class ImageBuildException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong
   */
  public ImageBuildException(String message) {
    super(message);
  }
}
