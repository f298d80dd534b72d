package dev.flotilla.demo.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for processes the tests start. */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /**
     * Asks the kernel for a port that is free on 127.0.0.1 right now. Another process could take it before
     * ours binds it; on a test machine that is rare enough, and the start then fails loudly.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
