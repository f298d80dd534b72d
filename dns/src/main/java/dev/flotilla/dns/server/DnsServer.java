package dev.flotilla.dns.server;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An authoritative DNS server for one zone on UDP and TCP (same port), answering from an in-memory
 * {@link ZoneSnapshot} that {@link #update} swaps atomically: a query never waits on anything but the CPU.
 *
 * <p>Threads: a few UDP workers sharing one socket, one TCP acceptor and a small bounded pool of TCP connection
 * handlers (connections beyond it are closed, idle ones time out). Nothing a client sends can stop a worker:
 * every failure is contained to that packet or connection.
 */
public final class DnsServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DnsServer.class.getName());
    /** A TCP connection idle this long is closed (RFC 7766 suggests seconds). */
    static final int TCP_IDLE_TIMEOUT_MS = 10_000;
    private static final int TCP_HANDLERS = 8;
    private static final int TCP_BACKLOG = 64;
    private static final int BIND_ATTEMPTS = 20;
    private static final int UDP_RECEIVE_BUFFER = 4 << 20;

    private final AtomicReference<ZoneSnapshot> zone;
    private final DnsResponder responder;
    private final int udpWorkers;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private ThreadPoolExecutor tcpHandlers;

    /**
     * A server that will answer from {@code initial} until {@link #update} replaces it.
     *
     * @param udpWorkers threads receiving UDP queries (1 or more)
     */
    public DnsServer(ZoneSnapshot initial, int udpWorkers) {
        if (udpWorkers < 1) {
            throw new IllegalArgumentException("udpWorkers: must be at least 1, got " + udpWorkers);
        }
        this.zone = new AtomicReference<>(initial);
        this.responder = new DnsResponder(zone);
        this.udpWorkers = udpWorkers;
    }

    /** Replaces the zone every following query is answered from. */
    public void update(ZoneSnapshot snapshot) {
        zone.set(snapshot);
    }

    /** The zone queries are answered from now. */
    public ZoneSnapshot zone() {
        return zone.get();
    }

    /**
     * Binds UDP and TCP on {@code address}:{@code port} (port 0: a free port, the same for both) and starts
     * answering.
     *
     * @throws IOException when the port cannot be bound
     */
    public synchronized DnsServer start(InetAddress address, int port) throws IOException {
        if (running) {
            throw new IllegalStateException("already started on port " + port());
        }
        bind(address, port);
        running = true;
        tcpHandlers = new ThreadPoolExecutor(TCP_HANDLERS, TCP_HANDLERS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(TCP_BACKLOG), r -> daemon(r, "dns-tcp"));
        for (int i = 0; i < udpWorkers; i++) {
            threads.add(daemon(this::serveUdp, "dns-udp-" + i));
        }
        threads.add(daemon(this::acceptTcp, "dns-tcp-accept"));
        threads.forEach(Thread::start);
        return this;
    }

    private void bind(InetAddress address, int port) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? BIND_ATTEMPTS : 1); attempt++) {
            DatagramSocket u = null;
            try {
                u = new DatagramSocket(null);
                // Room for a burst of queries; the kernel caps this at net.core.rmem_max.
                u.setReceiveBufferSize(UDP_RECEIVE_BUFFER);
                u.bind(new InetSocketAddress(address, port));
                ServerSocket t = new ServerSocket();
                t.setReuseAddress(true);
                try {
                    t.bind(new InetSocketAddress(address, u.getLocalPort()), TCP_BACKLOG);
                } catch (IOException e) {
                    t.close();
                    throw e;
                }
                udp = u;
                tcp = t;
                return;
            } catch (IOException e) {
                // With port 0 the UDP port we got may be taken on TCP: try another.
                if (u != null) {
                    u.close();
                }
                last = e;
            }
        }
        throw new IOException("cannot bind DNS on " + address.getHostAddress() + ":" + port + ": " + last.getMessage(),
                last);
    }

    /** The port both transports listen on. */
    public int port() {
        return udp.getLocalPort();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (running) {
            try {
                packet.setLength(buffer.length);
                udp.receive(packet);
                byte[] answer = responder.respond(buffer, packet.getLength(), false);
                if (answer != null) {
                    udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (SocketException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "DNS UDP socket error: {0}", e.getMessage());
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "DNS UDP query failed: {0}", e.toString());
            }
        }
    }

    private void acceptTcp() {
        while (running) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "DNS TCP accept failed: {0}", e.getMessage());
                }
                continue;
            }
            try {
                tcpHandlers.execute(() -> serveConnection(s));
            } catch (RejectedExecutionException e) {
                closeQuietly(s);
            }
        }
    }

    /** Length-prefixed queries (RFC 1035 §4.2.2), several per connection (RFC 7766), until EOF or idle. */
    private void serveConnection(Socket s) {
        try (s) {
            s.setSoTimeout(TCP_IDLE_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            var in = new DataInputStream(s.getInputStream());
            var out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            while (running) {
                int length = in.readUnsignedShort();
                byte[] query = new byte[length];
                in.readFully(query);
                byte[] answer = responder.respond(query, length, true);
                if (answer == null) {
                    return;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (EOFException | SocketTimeoutException e) {
            // The client is done or idle: the normal end of a connection.
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "DNS TCP connection failed: {0}", e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing a socket we are giving up on: nothing left to do.
        }
    }

    /** Stops answering and frees the port. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        closeQuietly(udp);
        closeQuietly(tcp);
        tcpHandlers.shutdownNow();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }
}
