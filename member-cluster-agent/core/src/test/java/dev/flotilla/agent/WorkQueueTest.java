package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final WorkQueue queue = new WorkQueue(timer, Duration.ofMillis(10), Duration.ofMillis(40));

  @AfterEach
  void stop() {
    queue.shutDown();
    timer.shutdownNow();
  }

  @Test
  void deduplicatesWaitingKeys() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.take()).isEqualTo("a");
    assertThat(queue.take()).isEqualTo("b");
  }

  @Test
  void aKeyInProgressIsNotHandedOutTwiceButComesBackAfterwards() throws Exception {
    queue.add("a");
    String first = queue.take();
    queue.add("a"); // changed while being processed
    assertThat(queue.size()).isZero();
    queue.done(first);
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.take()).isEqualTo("a");
  }

  @Test
  void backoffRequeuesWithGrowingCappedDelays() throws Exception {
    assertThat(queue.backoff("a")).isEqualTo(Duration.ofMillis(10));
    assertThat(queue.backoff("a")).isEqualTo(Duration.ofMillis(20));
    assertThat(queue.backoff("a")).isEqualTo(Duration.ofMillis(40));
    assertThat(queue.backoff("a")).isEqualTo(Duration.ofMillis(40));
    assertThat(queue.take()).isEqualTo("a");
    queue.done("a");
    queue.forget("a");
    assertThat(queue.backoff("a")).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void urgentKeysGoAheadOfAResyncAndAreNotDuplicated() throws Exception {
    for (String key : new String[] {"r1", "r2", "r3"}) {
      queue.add(key);
    }
    queue.addUrgent("new");
    queue.addUrgent("r3");
    queue.addUrgent("new");
    assertThat(queue.size()).isEqualTo(4);
    assertThat(queue.take()).isEqualTo("new");
    assertThat(queue.take()).isEqualTo("r3");
    assertThat(queue.take()).isEqualTo("r1");
    assertThat(queue.take()).isEqualTo("r2");
    assertThat(queue.size()).isZero();
  }

  @Test
  void shutDownReleasesWaitingWorkers() throws Exception {
    queue.shutDown();
    assertThat(queue.take()).isNull();
    queue.add("late");
    assertThat(queue.size()).isZero();
  }
}
