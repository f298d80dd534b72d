package dev.flotilla.store;

/**
 * Passed to {@link WatchListener#onClose(Throwable)} when a watch's listener fell so far behind that its queue
 * of undelivered events reached its capacity: the store closes the watch rather than buffer without bound. The
 * client should watch again from the last revision it received (or relist if that is compacted).
 */
public final class WatchOverflowException extends RuntimeException {

    private final int capacity;
    private final long lastQueuedRevision;

    public WatchOverflowException(int capacity, long lastQueuedRevision) {
        super("watch closed: its listener fell " + capacity + " events behind (last queued revision "
                + lastQueuedRevision + ")");
        this.capacity = capacity;
        this.lastQueuedRevision = lastQueuedRevision;
    }

    public int capacity() {
        return capacity;
    }

    public long lastQueuedRevision() {
        return lastQueuedRevision;
    }
}
