package dev.flotilla.server.watch;

/** Where a watch's events go: a chunked HTTP response or a WebSocket. Both must accept writes from any thread. */
public interface WatchSink {

    /** Sends one encoded event; returns false if the client cannot keep up (the watch is then ended). */
    boolean send(byte[] event);

    /** Ends the stream; safe to call more than once. */
    void close();

    /** Runs {@code action} once when the client goes away. */
    void onClientClose(Runnable action);
}
