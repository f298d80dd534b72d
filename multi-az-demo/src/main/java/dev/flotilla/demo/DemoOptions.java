package dev.flotilla.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo's settings, checked together: every rule that spans options (zones per region, an outage zone that
 * exists) lives here, so the command line and the tests share it.
 *
 * @param port           the control plane's API port (0: a free one)
 * @param dnsPort        its DNS port, UDP and TCP (0: a free one)
 * @param layout         the member clusters, generated from {@code --regions}, {@code --zones}, {@code --clusters}
 * @param replicas       the sample Deployment's replicas
 * @param outageZone     the zone that loses its network; null when there is no outage
 * @param exit           stop after the scenario instead of running until Ctrl-C
 * @param workDir        where the control plane's data, the logs and the members' files go; null: a fresh
 *                       temporary directory
 * @param rtoGoal        longest acceptable time from the outage to every replica ready outside the zone
 * @param recoveryGoal   longest acceptable time from the zone's return to the replicas rebalanced back and ready
 * @param rebalanceDelay how long a recovered cluster must stay healthy before replicas move back (the server's
 *                       {@code --rebalance-delay})
 */
public record DemoOptions(int port, int dnsPort, Layout layout, int replicas, String outageZone, boolean exit,
                          Path workDir, Duration rtoGoal, Duration recoveryGoal, Duration rebalanceDelay) {

    /** Most replicas: every Pod is an object in a simulated cluster of this JVM. */
    public static final int MAX_REPLICAS = 200;

    /**
     * Checks and builds the options.
     *
     * @param outageZone the zone to take down; null for the first zone of the layout
     * @param outage     false for {@code --no-outage}
     * @throws IllegalArgumentException whose message starts with the offending option, e.g. {@code --zones: ...}
     */
    public static DemoOptions of(int port, int dnsPort, int regions, int zones, int clusters, int replicas,
                                 String outageZone, boolean outage, boolean exit, Path workDir, Duration rtoGoal,
                                 Duration recoveryGoal, Duration rebalanceDelay) {
        checkPort("--port", port);
        checkPort("--dns-port", dnsPort);
        if (port != 0 && port == dnsPort) {
            // The API is TCP and DNS is UDP and TCP: they cannot share a TCP port.
            throw new IllegalArgumentException("--dns-port: must differ from --port (both are " + port + ")");
        }
        if (zones < 2) {
            throw new IllegalArgumentException("--zones: a multi-AZ federation needs at least 2 zones, got " + zones);
        }
        Layout layout = Layout.generate(regions, zones, clusters);
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("--replicas: must be between 1 and " + MAX_REPLICAS + ", got "
                    + replicas);
        }
        String zone = null;
        if (outage) {
            zone = outageZone == null ? layout.zones().get(0) : outageZone;
            if (!layout.zones().contains(zone)) {
                throw new IllegalArgumentException("--outage-zone: '" + zone + "' is not a zone of this layout; "
                        + "the zones are " + String.join(", ", layout.zones()));
            }
        } else if (outageZone != null) {
            throw new IllegalArgumentException("--outage-zone: cannot be combined with --no-outage");
        }
        checkPositive("--rto-goal", rtoGoal);
        checkPositive("--recovery-goal", recoveryGoal);
        if (rebalanceDelay == null) {
            throw new IllegalArgumentException("--rebalance-delay: required");
        }
        return new DemoOptions(port, dnsPort, layout, replicas, zone, exit, workDir, rtoGoal, recoveryGoal,
                rebalanceDelay);
    }

    /** @return whether a zone is taken down */
    public boolean outage() {
        return outageZone != null;
    }

    private static void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + ": " + port + " is not a port number (1-65535, or 0 for a "
                    + "free port)");
        }
    }

    private static void checkPositive(String option, Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(option + ": must be more than 0, got " + duration);
        }
    }
}
