package dev.flotilla.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the durable store is open and serving; reports the revision it is at. */
@Readiness
@ApplicationScoped
public class StoreHealthCheck implements HealthCheck {

    @Inject
    ControlPlane controlPlane;

    @Override
    public HealthCheckResponse call() {
        if (controlPlane.store() == null) {
            return HealthCheckResponse.named("store").down().build();
        }
        return HealthCheckResponse.named("store").up()
                .withData("revision", controlPlane.store().currentRevision())
                .build();
    }
}
