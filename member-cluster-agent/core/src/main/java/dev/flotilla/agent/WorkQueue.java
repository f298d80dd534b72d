package dev.flotilla.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A deduplicating queue of keys, in the manner of client-go's workqueue: a key waits at most once; a key being
 * processed is never handed to a second worker, and if it is added meanwhile it comes back once the first worker is
 * done. {@link #addAfter} requeues with a delay instead of sleeping, and {@link #backoff} grows that delay per key
 * (doubling from {@code baseDelay} up to {@code maxDelay}) until {@link #forget}.
 */
public final class WorkQueue {

  private final ScheduledExecutorService timer;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final LinkedHashSet<String> queue = new LinkedHashSet<>();
  /** Keys added because something changed: served before the periodic resync's keys, so news never waits. */
  private final LinkedHashSet<String> urgent = new LinkedHashSet<>();
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Long> scheduled = new HashMap<>();
  private boolean shutDown;

  /**
   * A queue.
   *
   * @param timer runs delayed additions
   * @param baseDelay first backoff delay
   * @param maxDelay largest backoff delay
   */
  public WorkQueue(ScheduledExecutorService timer, Duration baseDelay, Duration maxDelay) {
    this.timer = timer;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
  }

  /**
   * Adds a key now (no-op if it already waits).
   *
   * @param key the key
   */
  public synchronized void add(String key) {
    if (shutDown || dirty.contains(key)) {
      return;
    }
    dirty.add(key);
    if (!processing.contains(key)) {
      queue.add(key);
      notifyAll();
    }
  }

  /**
   * Adds a key ahead of those added by {@link #add}: for a change someone is waiting for, which must not queue
   * behind a periodic resync of every key. A key already waiting moves ahead.
   *
   * @param key the key
   */
  public synchronized void addUrgent(String key) {
    if (shutDown) {
      return;
    }
    if (queue.remove(key)) {
      urgent.add(key);
      return;
    }
    if (dirty.contains(key)) {
      return;
    }
    dirty.add(key);
    if (!processing.contains(key)) {
      urgent.add(key);
      notifyAll();
    }
  }

  /**
   * Adds a key after a delay; of several pending delayed additions of one key, only the earliest is kept.
   *
   * @param key the key
   * @param delay the delay
   */
  public void addAfter(String key, Duration delay) {
    long due = System.nanoTime() + delay.toNanos();
    synchronized (this) {
      if (shutDown) {
        return;
      }
      Long pending = scheduled.get(key);
      if (pending != null && pending - due <= 0) {
        return;
      }
      scheduled.put(key, due);
    }
    timer.schedule(() -> {
      synchronized (this) {
        Long pending = scheduled.get(key);
        if (pending == null || pending != due) {
          return;
        }
        scheduled.remove(key);
      }
      add(key);
    }, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Requeues a key after its next backoff delay.
   *
   * @param key the key
   * @return the delay chosen
   */
  public Duration backoff(String key) {
    int n;
    synchronized (this) {
      n = failures.merge(key, 1, Integer::sum);
    }
    long millis = baseDelay.toMillis() << Math.min(n - 1, 20);
    Duration delay = Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    addAfter(key, delay);
    return delay;
  }

  /**
   * Resets a key's backoff after a success.
   *
   * @param key the key
   */
  public synchronized void forget(String key) {
    failures.remove(key);
  }

  /**
   * Takes the next key, waiting for one.
   *
   * @return the key, or null once the queue is shut down
   * @throws InterruptedException when interrupted while waiting
   */
  public synchronized String take() throws InterruptedException {
    while (queue.isEmpty() && urgent.isEmpty() && !shutDown) {
      wait();
    }
    if (shutDown) {
      return null;
    }
    LinkedHashSet<String> lane = urgent.isEmpty() ? queue : urgent;
    String key = lane.iterator().next();
    lane.remove(key);
    dirty.remove(key);
    processing.add(key);
    return key;
  }

  /**
   * Marks a key processed; if it was added meanwhile, it waits again.
   *
   * @param key the key
   */
  public synchronized void done(String key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      queue.add(key);
      notifyAll();
    }
  }

  /** @return how many keys wait */
  public synchronized int size() {
    return queue.size() + urgent.size();
  }

  /** Wakes every waiting worker with null and refuses further keys. */
  public synchronized void shutDown() {
    shutDown = true;
    notifyAll();
  }
}
