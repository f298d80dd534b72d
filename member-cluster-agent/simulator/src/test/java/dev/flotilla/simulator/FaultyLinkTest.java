package dev.flotilla.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The link against an echo server on loopback: forwarding, a stall, jitter keeping order, a cut and a restore. */
class FaultyLinkTest {

  private ServerSocket echo;
  private Thread echoThread;
  private FaultyLink link;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket socket = echo.accept();
          Thread pump = new Thread(() -> {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException e) {
              // closed
            }
          });
          pump.setDaemon(true);
          pump.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    echoThread.setDaemon(true);
    echoThread.start();
    link = FaultyLink.to(URI.create("http://127.0.0.1:" + echo.getLocalPort()));
  }

  @AfterEach
  void stop() throws IOException {
    link.close();
    echo.close();
  }

  private Socket connect() throws IOException {
    URI uri = link.uri(URI.create("http://127.0.0.1:" + echo.getLocalPort()));
    Socket socket = new Socket(uri.getHost(), uri.getPort());
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static String roundTrip(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes());
    socket.getOutputStream().flush();
    byte[] buffer = new byte[text.length()];
    int read = 0;
    while (read < buffer.length) {
      int n = socket.getInputStream().read(buffer, read, buffer.length - read);
      if (n < 0) {
        throw new IOException("closed after " + read + " bytes");
      }
      read += n;
    }
    return new String(buffer);
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
    }
  }

  @Test
  void aStallHoldsTheBytesAndDeliversThemAfterwards() throws IOException {
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "before")).isEqualTo("before");
      link.stall(Duration.ofSeconds(2));
      socket.getOutputStream().write("held".getBytes());
      socket.setSoTimeout(300);
      assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
      socket.setSoTimeout(10_000);
      byte[] held = socket.getInputStream().readNBytes(4);
      assertThat(new String(held)).isEqualTo("held");
    }
  }

  @Test
  void jitterKeepsTheOrder() throws IOException {
    link.jitter(Duration.ofMillis(50));
    try (Socket socket = connect()) {
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        String chunk = "<" + i + ">";
        socket.getOutputStream().write(chunk.getBytes());
        socket.getOutputStream().flush();
        expected.append(chunk);
      }
      byte[] all = socket.getInputStream().readNBytes(expected.length());
      assertThat(new String(all)).isEqualTo(expected.toString());
    }
  }

  @Test
  void aCutDropsConnectionsAndRefusesNewOnesUntilRestored() throws Exception {
    Socket open = connect();
    assertThat(roundTrip(open, "up")).isEqualTo("up");
    link.cut();
    assertThat(link.isCut()).isTrue();
    assertThatThrownBy(() -> roundTrip(open, "lost")).isInstanceOf(IOException.class);
    try (Socket refused = connect()) {
      assertThatThrownBy(() -> roundTrip(refused, "no")).isInstanceOf(IOException.class);
    }
    link.restore();
    try (Socket again = connect()) {
      assertThat(roundTrip(again, "back")).isEqualTo("back");
    }
    open.close();
  }
}
