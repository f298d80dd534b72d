package dev.flotilla.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The primitive-keyed map of the seat classes, against HashMap under random puts, removes and clears. */
class LongMapTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void matchesHashMapUnderRandomOperations(long seed) {
    Random random = new Random(seed);
    LongMap<String> map = new LongMap<>();
    Map<Long, String> expected = new HashMap<>();
    // Few distinct keys, some sharing low or high bits, so probe runs form, wrap around and get shifted back.
    long[] pool = new long[64];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = switch (i % 4) {
        case 0 -> i;
        case 1 -> (long) i << 40;
        case 2 -> -i;
        default -> random.nextLong();
      };
    }
    for (int step = 0; step < 20_000; step++) {
      long key = pool[random.nextInt(random.nextBoolean() ? 8 : pool.length)];
      int action = random.nextInt(100);
      if (action < 50) {
        String value = "v" + step;
        map.put(key, value);
        expected.put(key, value);
      } else if (action < 95) {
        map.remove(key);
        expected.remove(key);
      } else if (action == 99) {
        map.clear();
        expected.clear();
      }
      assertThat(map.get(key)).isEqualTo(expected.get(key));
      assertThat(map.size()).isEqualTo(expected.size());
    }
    for (long key : pool) {
      assertThat(map.get(key)).as("key %d", key).isEqualTo(expected.get(key));
    }
  }

  @Test
  void growsAndRejectsNullValues() {
    LongMap<Long> map = new LongMap<>();
    for (long key = 0; key < 1000; key++) {
      map.put(key * 7919, key);
    }
    assertThat(map.size()).isEqualTo(1000);
    for (long key = 0; key < 1000; key++) {
      assertThat(map.get(key * 7919)).isEqualTo(key);
    }
    assertThat(map.get(1)).isNull();
    assertThatThrownBy(() -> map.put(5, null)).isInstanceOf(IllegalArgumentException.class);
  }
}
