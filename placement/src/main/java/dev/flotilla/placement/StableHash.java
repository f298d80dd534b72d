package dev.flotilla.placement;

import java.nio.charset.StandardCharsets;

/**
 * The tie-breaking hash: 64-bit FNV-1a over the UTF-8 bytes of {@code key}, a zero byte and {@code name},
 * finished with MurmurHash3's fmix64 so names that differ only in their last character still spread over the
 * whole range. Fixed forever: changing it would move replicas on upgrade.
 */
final class StableHash {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private StableHash() {
  }

  static long of(String key, String name) {
    return of(keyState(key), name);
  }

  /**
   * The hash state after {@code key} and the separator: hashing many names under one key starts from it, so the
   * key is read once per placement rather than once per cluster.
   */
  static long keyState(String key) {
    return mix(FNV_OFFSET, key, 0) * FNV_PRIME; // the zero separator byte: hash ^ 0 == hash
  }

  /** The hash of {@code name} under the key whose {@link #keyState(String)} is given. */
  static long of(long keyState, String name) {
    return finish(mix(keyState, name, 0));
  }

  /**
   * How many leading characters of {@code text} (at most {@code limit}) are ASCII. Over ASCII characters the
   * state after a prefix depends on the prefix alone, so names that share one can start from its state.
   */
  static int asciiLength(String text, int limit) {
    int end = Math.min(limit, text.length());
    int length = 0;
    while (length < end && text.charAt(length) < 0x80) {
      length++;
    }
    return length;
  }

  /**
   * The state after {@code keyState} and the first {@code length} characters of {@code text}, which must be ASCII
   * (see {@link #asciiLength}); {@link #of(long, String, int)} continues from it.
   */
  static long prefixState(long keyState, String text, int length) {
    long hash = keyState;
    for (int i = 0; i < length; i++) {
      hash = (hash ^ text.charAt(i)) * FNV_PRIME;
    }
    return hash;
  }

  /**
   * The hash of {@code name} under a key, given the state after the key and {@code name}'s first {@code from}
   * characters ({@link #prefixState}): equal to {@link #of(long, String)} from the key's state.
   */
  static long of(long prefixState, String name, int from) {
    return finish(mix(prefixState, name, from));
  }

  private static long finish(long hash) {
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash;
  }

  private static long mix(long hash, String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return mixBytes(hash, text.substring(i).getBytes(StandardCharsets.UTF_8)); // rare: non-ASCII tail
      }
      hash = (hash ^ c) * FNV_PRIME; // ASCII: the char is its UTF-8 byte
    }
    return hash;
  }

  private static long mixBytes(long hash, byte[] bytes) {
    for (byte b : bytes) {
      hash = (hash ^ (b & 0xff)) * FNV_PRIME;
    }
    return hash;
  }
}
