package dev.flotilla.server;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints where the control plane answers, once it does: the line users and scripts wait for. It needs both the
 * application started (store open) and the HTTP server listening; Quarkus signals the two separately and in no
 * fixed order, so the banner goes out on the second.
 */
@ApplicationScoped
public class ReadyBanner {

    @Inject
    ServerConfig config;

    private final AtomicInteger signals = new AtomicInteger();

    void httpStarted(@ObservesAsync HttpServerStart start) {
        signalled();
    }

    void started(@Observes StartupEvent event) {
        signalled();
    }

    private void signalled() {
        if (signals.incrementAndGet() != 2) {
            return;
        }
        String host = System.getProperty("quarkus.http.host", "0.0.0.0");
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        int port = ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class);
        System.out.printf("Flotilla control plane ready at http://%s:%d (data in %s)%n", shown, port,
                Path.of(config.dataDir()).toAbsolutePath().normalize());
        System.out.flush();
    }
}
