package dev.flotilla.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A TCP link on loopback between a client (an agent) and a server (the control plane) that can misbehave like a
 * network, for failover tests and the demo: {@link #cut} partitions it; {@link #stall} holds every byte in both
 * directions for a while (nothing is lost, it arrives late); {@link #jitter} delays each chunk the client sends by
 * a random time up to a bound, keeping the order (so each request arrives up to that late). Connections are
 * forwarded as they are; the client sees the link's address instead of the server's.
 */
public final class FaultyLink implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile long stallUntilNanos = System.nanoTime();
    private volatile long maxJitterNanos;
    private volatile boolean closed;
    private volatile boolean severed;

    private FaultyLink(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "faulty-link-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /**
     * Opens a link to a server.
     *
     * @param server the server's base URI (host and port are used)
     * @return the running link
     */
    public static FaultyLink to(URI server) throws IOException {
        FaultyLink link = new FaultyLink(new InetSocketAddress(server.getHost(), server.getPort()));
        link.acceptor.start();
        return link;
    }

    /** @return the URI clients use instead of the server's (same scheme and path) */
    public URI uri(URI server) {
        return URI.create(server.getScheme() + "://127.0.0.1:" + listener.getLocalPort()
                + (server.getRawPath() == null ? "" : server.getRawPath()));
    }

    /** Holds all traffic, both ways, for this long from now; what was held is delivered afterwards, in order. */
    public void stall(Duration duration) {
        stallUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /**
     * Severs the link like a network partition: open connections are dropped and new ones are closed at once,
     * until {@link #restore}.
     */
    public void cut() {
        severed = true;
        sockets.forEach(FaultyLink::closeQuietly);
    }

    /** Ends a {@link #cut}: new connections go through again. */
    public void restore() {
        severed = false;
    }

    /** @return whether the link is cut */
    public boolean isCut() {
        return severed;
    }

    /** Delays every chunk the client sends by a uniform random time in [0, max] from now on (zero: off). */
    public void jitter(Duration max) {
        maxJitterNanos = max.toNanos();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (severed) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket();
                server.connect(target, 5_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /**
     * One direction: a reader stamps each chunk with its delivery time, a writer delivers it then. Jitter applies
     * to what the client sends (its requests), stalls to both directions.
     */
    private void pump(Socket from, Socket to, boolean upstream) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            long lastDelivery = 0;
            try (InputStream in = from.getInputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long max = upstream ? maxJitterNanos : 0;
                    long jitter = max == 0 ? 0 : ThreadLocalRandom.current().nextLong(max + 1);
                    long deliverAt = Math.max(System.nanoTime() + jitter, lastDelivery);
                    lastDelivery = deliverAt;
                    queue.add(new Chunk(java.util.Arrays.copyOf(buffer, n), deliverAt));
                }
            } catch (IOException e) {
                // the connection ended
            }
            queue.add(Chunk.END);
        }, "faulty-link-read");
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == Chunk.END) {
                        break;
                    }
                    waitUntil(chunk.deliverAt());
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "faulty-link-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** Sleeps until the chunk's time and past any stall (a stall started meanwhile holds it too). */
    private void waitUntil(long deliverAt) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long until = Math.max(deliverAt, stallUntilNanos);
            if (now >= until) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(until - now, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    private record Chunk(byte[] bytes, long deliverAt) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(FaultyLink::closeQuietly);
        sockets.clear();
    }
}
