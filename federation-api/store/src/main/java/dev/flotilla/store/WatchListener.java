package dev.flotilla.store;

/**
 * Receives the events of one watch, in revision order, from one thread at a time. Implementations must not
 * block: hand the event to a buffer or a non-blocking writer.
 */
public interface WatchListener {

    /** One event whose revision is greater than every revision delivered before. */
    void onEvent(WatchEvent event);

    /**
     * Progress: every event of this watch's prefix up to {@code revision} has been delivered. Sent
     * periodically while the watch is open (the API layer turns it into a BOOKMARK).
     */
    default void onProgress(long revision) {
    }

    /** The watch ended on the store's side (store closing, or the listener fell too far behind). */
    default void onClose(Throwable cause) {
    }
}
