package dev.flotilla.agent;

import java.util.Optional;

/** Finds the plural and scope of a kind, for calls to the member. */
@FunctionalInterface
public interface KindResolver {

  /**
   * Resolves a kind.
   *
   * @param apiVersion {@code group/version} or {@code version}
   * @param kind the kind
   * @return what the member calls it, or empty when unknown
   */
  Optional<KindInfo> resolve(String apiVersion, String kind);
}
