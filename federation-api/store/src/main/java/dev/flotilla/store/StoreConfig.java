package dev.flotilla.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to open a {@link DurableObjectStore}. Build one with {@link #builder(Path)}; every field but the data
 * directory has a default that suits a single-node control plane.
 *
 * @param dataDir              the folder holding {@code flotilla.db} (created if missing); with a shared log,
 *                             only for local files
 * @param clusterName          the Hazelcast cluster name; members with another name never join
 * @param members              Hazelcast members to join, as {@code host} or {@code host:port}; empty means a
 *                             standalone member bound to {@link #bindAddress} with no discovery at all
 * @param bindAddress          the address Hazelcast listens on (loopback by default)
 * @param hazelcastPort        the Hazelcast port; 0 picks a free one
 * @param eventHistorySize     how many recent events the in-memory watch history keeps; watches from older
 *                             revisions are served from the SQL log until it is compacted
 * @param compactionRetention  how many revisions behind the current one compaction keeps (0: compact only on
 *                             request to an explicit revision)
 * @param compactionInterval   how often the periodic compaction runs ({@link Duration#ZERO}: never)
 * @param progressInterval     how often every open watch gets {@link WatchListener#onProgress(long)}
 *                             ({@link Duration#ZERO}: never)
 * @param watchQueueCapacity   the most undelivered events one watch may hold before it is closed as too slow
 * @param fsyncEachCommit      {@code true} (default): SQLite {@code synchronous=FULL}, an acknowledged write
 *                             survives power loss; {@code false}: {@code synchronous=NORMAL} in WAL mode, an
 *                             acknowledged write survives a process crash ({@code kill -9}) but the last
 *                             commits may roll back on power loss
 * @param maxBatchSize         the most queued writes committed in one transaction (group commit); a
 *                             {@link ObjectStore#writeAll} group counts as one and is never split
 * @param sharedLog            a PostgreSQL log shared by several control-plane members (high availability);
 *                             {@code null}: the embedded SQLite log in {@code dataDir}, for one member alone
 * @param discoveryDns         a DNS name whose addresses are the Hazelcast members (a Kubernetes headless
 *                             Service); empty: only {@code members}
 * @param catchUpInterval      how often a member sharing a log checks the log's head and reads what it has not
 *                             heard of through Hazelcast (a member that died between its commit and its
 *                             publish); unused with the embedded log
 * @param electionInterval     how often members sharing a log try to take (or check they still hold) the
 *                             controllers' lock; see {@link Leadership}
 */
public record StoreConfig(
        Path dataDir,
        String clusterName,
        List<String> members,
        String bindAddress,
        int hazelcastPort,
        int eventHistorySize,
        long compactionRetention,
        Duration compactionInterval,
        Duration progressInterval,
        int watchQueueCapacity,
        boolean fsyncEachCommit,
        int maxBatchSize,
        SharedLog sharedLog,
        String discoveryDns,
        Duration catchUpInterval,
        Duration electionInterval) {

    /**
     * A PostgreSQL database holding the log, shared by every control-plane member (kine's pattern for HA).
     *
     * @param jdbcUrl  {@code jdbc:postgresql://host:port/database}
     * @param user     the database user
     * @param password the password; empty for none (e.g. trust or peer authentication)
     */
    public record SharedLog(String jdbcUrl, String user, String password) {
        public SharedLog {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("sharedLog.jdbcUrl: must be a jdbc:postgresql: URL, was " + jdbcUrl);
            }
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("sharedLog.user: must not be blank");
            }
            password = password == null ? "" : password;
        }

        @Override
        public String toString() {
            return "SharedLog[" + jdbcUrl + " as " + user + "]";
        }
    }

    public StoreConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir: must be set");
        }
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName: must not be blank");
        }
        if (members == null) {
            throw new IllegalArgumentException("members: must not be null (empty for a standalone member)");
        }
        members = List.copyOf(members);
        for (String member : members) {
            if (member.isBlank()) {
                throw new IllegalArgumentException("members: an address is blank");
            }
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress: must not be blank");
        }
        if (hazelcastPort < 0 || hazelcastPort > 65535) {
            throw new IllegalArgumentException("hazelcastPort: must be 0..65535, was " + hazelcastPort);
        }
        if (eventHistorySize < 1) {
            throw new IllegalArgumentException("eventHistorySize: must be at least 1, was " + eventHistorySize);
        }
        if (compactionRetention < 0) {
            throw new IllegalArgumentException("compactionRetention: must not be negative, was " + compactionRetention);
        }
        requireNonNegative(compactionInterval, "compactionInterval");
        requireNonNegative(progressInterval, "progressInterval");
        if (watchQueueCapacity < 1) {
            throw new IllegalArgumentException("watchQueueCapacity: must be at least 1, was " + watchQueueCapacity);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize: must be at least 1, was " + maxBatchSize);
        }
        discoveryDns = discoveryDns == null ? "" : discoveryDns.trim();
        requireNonNegative(catchUpInterval, "catchUpInterval");
        if (electionInterval == null || electionInterval.toMillis() < 10) {
            throw new IllegalArgumentException("electionInterval: must be at least 10 ms, was " + electionInterval);
        }
        if (sharedLog == null && !(members.isEmpty() && discoveryDns.isEmpty())) {
            throw new IllegalArgumentException("members: several control-plane members need a shared log "
                    + "(sharedLog, e.g. --store-url jdbc:postgresql://...); with the embedded log each member would "
                    + "keep its own history");
        }
    }

    private static void requireNonNegative(Duration value, String field) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(field + ": must be a non-negative duration, was " + value);
        }
    }

    /** Whether this member runs alone (no Hazelcast discovery or join). */
    public boolean standalone() {
        return members.isEmpty() && discoveryDns.isEmpty();
    }

    /** Whether the log is shared with other members (PostgreSQL) rather than embedded (SQLite). */
    public boolean shared() {
        return sharedLog != null;
    }

    /** The defaults for a data directory: standalone, loopback, free port. */
    public static StoreConfig defaults(Path dataDir) {
        return builder(dataDir).build();
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** A copy of this configuration to change a few fields. */
    public Builder toBuilder() {
        return new Builder(dataDir)
                .clusterName(clusterName)
                .members(members)
                .bindAddress(bindAddress)
                .hazelcastPort(hazelcastPort)
                .eventHistorySize(eventHistorySize)
                .compactionRetention(compactionRetention)
                .compactionInterval(compactionInterval)
                .progressInterval(progressInterval)
                .watchQueueCapacity(watchQueueCapacity)
                .fsyncEachCommit(fsyncEachCommit)
                .maxBatchSize(maxBatchSize)
                .sharedLog(sharedLog)
                .discoveryDns(discoveryDns)
                .catchUpInterval(catchUpInterval)
                .electionInterval(electionInterval);
    }

    /** Builds a {@link StoreConfig}; see the record components for the meaning of each setting. */
    public static final class Builder {
        private final Path dataDir;
        private String clusterName = "flotilla";
        private List<String> members = List.of();
        private String bindAddress = "127.0.0.1";
        private int hazelcastPort = 0;
        private int eventHistorySize = 10_000;
        private long compactionRetention = 100_000;
        private Duration compactionInterval = Duration.ofMinutes(5);
        private Duration progressInterval = Duration.ofSeconds(1);
        private int watchQueueCapacity = 10_000;
        private boolean fsyncEachCommit = true;
        private int maxBatchSize = 256;
        private SharedLog sharedLog;
        private String discoveryDns = "";
        private Duration catchUpInterval = Duration.ofMillis(500);
        private Duration electionInterval = Duration.ofSeconds(1);

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        public Builder clusterName(String value) {
            this.clusterName = value;
            return this;
        }

        public Builder members(List<String> value) {
            this.members = value;
            return this;
        }

        public Builder bindAddress(String value) {
            this.bindAddress = value;
            return this;
        }

        public Builder hazelcastPort(int value) {
            this.hazelcastPort = value;
            return this;
        }

        public Builder eventHistorySize(int value) {
            this.eventHistorySize = value;
            return this;
        }

        public Builder compactionRetention(long value) {
            this.compactionRetention = value;
            return this;
        }

        public Builder compactionInterval(Duration value) {
            this.compactionInterval = value;
            return this;
        }

        public Builder progressInterval(Duration value) {
            this.progressInterval = value;
            return this;
        }

        public Builder watchQueueCapacity(int value) {
            this.watchQueueCapacity = value;
            return this;
        }

        public Builder fsyncEachCommit(boolean value) {
            this.fsyncEachCommit = value;
            return this;
        }

        public Builder maxBatchSize(int value) {
            this.maxBatchSize = value;
            return this;
        }

        public Builder sharedLog(SharedLog value) {
            this.sharedLog = value;
            return this;
        }

        public Builder discoveryDns(String value) {
            this.discoveryDns = value;
            return this;
        }

        public Builder catchUpInterval(Duration value) {
            this.catchUpInterval = value;
            return this;
        }

        public Builder electionInterval(Duration value) {
            this.electionInterval = value;
            return this;
        }

        public StoreConfig build() {
            return new StoreConfig(dataDir, clusterName, members, bindAddress, hazelcastPort, eventHistorySize,
                    compactionRetention, compactionInterval, progressInterval, watchQueueCapacity, fsyncEachCommit,
                    maxBatchSize, sharedLog, discoveryDns, catchUpInterval, electionInterval);
        }
    }
}
