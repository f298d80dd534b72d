package dev.flotilla.server;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Configuration of the control plane ({@code flotilla.*} in application.properties or system properties). */
@ConfigMapping(prefix = "flotilla")
public interface ServerConfig {

    /** Directory of the durable store. */
    @WithDefault("./flotilla-data")
    String dataDir();

    /** Largest request body accepted, in bytes (kube-apiserver allows 3 MiB). */
    @WithDefault("3145728")
    int maxRequestBytes();

    /** How often open watches that asked for bookmarks receive one. */
    @WithDefault("PT1M")
    Duration bookmarkInterval();

    /** The most items one list page returns when the client sets no limit (0 = no cap). */
    @WithDefault("0")
    int defaultListLimit();

    /** Hazelcast: the cluster name, and the members to join (empty = a single standalone member). */
    Hazelcast hazelcast();

    interface Hazelcast {
        @WithDefault("flotilla")
        String clusterName();

        @WithDefault(" ")
        List<String> members();
    }
}
