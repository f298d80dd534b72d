package dev.flotilla.server;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.nio.file.Path;

/** Prints where the control plane answers, once it does: the line users and scripts wait for. */
@ApplicationScoped
public class ReadyBanner {

    @Inject
    ServerConfig config;

    private volatile int port = -1;

    void httpStarted(@Observes HttpServerStart start) {
        port = start.options().getPort();
    }

    void ready(@Observes StartupEvent event) {
        String host = System.getProperty("quarkus.http.host", "0.0.0.0");
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        int actual = port > 0 ? port : Integer.getInteger("quarkus.http.port", 8080);
        System.out.printf("Flotilla control plane ready at http://%s:%d (data in %s)%n", shown, actual,
                Path.of(config.dataDir()).toAbsolutePath().normalize());
        System.out.flush();
    }
}
