package dev.flotilla.server.watch;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Watch sinks over Vert.x: a chunked HTTP response (what kubectl and client-go use) and a WebSocket (what
 * fabric8 tries first). Events may arrive from any thread; each write is handed to the connection's event loop
 * in arrival order. A client that lets more than {@link #MAX_PENDING_BYTES} pile up is cut off; it resumes
 * from its last resourceVersion like after any dropped watch.
 */
public final class VertxSinks {

    /** Undelivered bytes one watch may hold before it is ended as too slow. */
    static final long MAX_PENDING_BYTES = 16L * 1024 * 1024;

    private VertxSinks() {
    }

    public static WatchSink http(HttpServerResponse response, Context context) {
        return new Sink(context, bytes -> response.write(Buffer.buffer(bytes)), () -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }, handler -> response.closeHandler(v -> handler.run()));
    }

    public static WatchSink webSocket(ServerWebSocket socket, Context context) {
        return new Sink(context, bytes -> socket.writeTextMessage(new String(bytes, StandardCharsets.UTF_8)), () -> {
            if (!socket.isClosed()) {
                socket.close();
            }
        }, handler -> socket.closeHandler(v -> handler.run()));
    }

    private static final class Sink implements WatchSink {
        private final Context context;
        private final Consumer<byte[]> write;
        private final Runnable end;
        private final Consumer<Runnable> closeHook;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile boolean clientGone;
        private final AtomicLong pending = new AtomicLong();

        Sink(Context context, Consumer<byte[]> write, Runnable end, Consumer<Runnable> closeHook) {
            this.context = context;
            this.write = write;
            this.end = end;
            this.closeHook = closeHook;
        }

        @Override
        public boolean send(byte[] event) {
            if (closed.get()) {
                return false;
            }
            if (pending.addAndGet(event.length) > MAX_PENDING_BYTES) {
                return false;
            }
            context.runOnContext(v -> {
                pending.addAndGet(-event.length);
                if (!clientGone) {
                    write.accept(event);
                }
            });
            return true;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                context.runOnContext(v -> end.run());
            }
        }

        @Override
        public void onClientClose(Runnable action) {
            context.runOnContext(v -> closeHook.accept(() -> {
                clientGone = true;
                closed.set(true);
                action.run();
            }));
        }
    }
}
