package dev.flotilla.placement;

import java.util.List;

/** Thrown by {@link PlacementEngine#place} for an invalid request; carries every field error found. */
public final class PlacementValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient List<FieldError> errors;

  public PlacementValidationException(List<FieldError> errors) {
    super("invalid placement request: " + errors);
    this.errors = List.copyOf(errors);
  }

  /** The field errors, in the order found. */
  public List<FieldError> errors() {
    return errors;
  }
}
