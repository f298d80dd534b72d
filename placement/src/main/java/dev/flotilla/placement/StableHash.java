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
    return mix(FNV_OFFSET, key) * FNV_PRIME; // the zero separator byte: hash ^ 0 == hash
  }

  /** The hash of {@code name} under the key whose {@link #keyState(String)} is given. */
  static long of(long keyState, String name) {
    long hash = mix(keyState, name);
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash;
  }

  private static long mix(long hash, String text) {
    for (int i = 0; i < text.length(); i++) {
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
