package dev.flotilla.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which member of the control plane runs the controllers: exactly one at a time, and a survivor within about
 * {@code 2 × interval} (plus the time the database takes to notice a dead member's connection) when it dies.
 *
 * <p>Alone on the embedded log, a member is always the leader. On a shared PostgreSQL log the leader is the
 * member holding a session-level advisory lock on its own connection: PostgreSQL lets one session hold it, frees
 * it the moment that session ends (a killed process's socket closes; a silent peer is cut by TCP keepalives set
 * on the session), and the holder checks its connection every interval, stepping down as soon as it is broken.
 * Members that are not the leader try to take the lock every interval.
 */
public abstract sealed class Leadership implements AutoCloseable permits Leadership.Alone, Leadership.AdvisoryLock {

    private static final Logger LOG = Logger.getLogger(Leadership.class.getName());

    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean leader;

    /** Whether this member runs the controllers now. */
    public boolean isLeader() {
        return leader;
    }

    /**
     * Calls {@code listener} with {@code true} when this member becomes the leader and {@code false} when it stops
     * being it, from the election's own thread, one call at a time; at once with {@code true} if it already leads.
     */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
        if (leader) {
            listener.accept(true);
        }
    }

    void become(boolean leading) {
        if (leader == leading) {
            return;
        }
        leader = leading;
        for (Consumer<Boolean> listener : listeners) {
            try {
                listener.accept(leading);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a leadership listener failed", e);
            }
        }
    }

    @Override
    public abstract void close();

    /** A member alone on its embedded log: always the leader. */
    static Leadership alone() {
        Alone alone = new Alone();
        alone.become(true);
        return alone;
    }

    /** Elects through a PostgreSQL advisory lock on the shared log's database. */
    static Leadership advisoryLock(StoreConfig.SharedLog log, String storeId, Duration interval) {
        return new AdvisoryLock(log, storeId, interval);
    }

    static final class Alone extends Leadership {
        @Override
        public void close() {
            become(false);
        }
    }

    static final class AdvisoryLock extends Leadership {

        private final StoreConfig.SharedLog log;
        private final long lockKey;
        private final Duration interval;
        private final Thread thread;
        private volatile boolean running = true;
        private Connection connection;

        AdvisoryLock(StoreConfig.SharedLog log, String storeId, Duration interval) {
            this.log = log;
            // One lock per log: two federations sharing a PostgreSQL server never elect each other.
            this.lockKey = 0x466c6f74L << 32 | (storeId.hashCode() & 0xffffffffL);
            this.interval = interval;
            this.thread = new Thread(this::run, "flotilla-leader-election");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void run() {
            while (running) {
                try {
                    step();
                } catch (SQLException | RuntimeException e) {
                    if (isLeader()) {
                        LOG.warning("lost the controllers' lock (" + e.getMessage() + "): stepping down");
                    }
                    become(false);
                    closeConnection();
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void step() throws SQLException {
            if (connection == null) {
                connection = open();
            }
            try (Statement st = connection.createStatement()) {
                st.setQueryTimeout((int) Math.max(1, interval.multipliedBy(2).toSeconds()));
                if (isLeader()) {
                    // Still connected means still holding the lock.
                    st.execute("SELECT 1");
                    return;
                }
                try (ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + lockKey + ")")) {
                    if (rs.next() && rs.getBoolean(1)) {
                        LOG.info("this member now runs the controllers");
                        become(true);
                    }
                }
            }
        }

        private Connection open() throws SQLException {
            Properties properties = SqlLog.postgresProperties(log, "flotilla-leader-election");
            properties.setProperty("socketTimeout", Long.toString(Math.max(2, interval.multipliedBy(4).toSeconds())));
            Connection opened = new org.postgresql.Driver().connect(log.jdbcUrl(), properties);
            if (opened == null) {
                throw new SQLException("not a PostgreSQL URL: " + log.jdbcUrl());
            }
            try (Statement st = opened.createStatement()) {
                // The database drops a silent member's session (and its lock) within about 10 s.
                st.execute("SET tcp_keepalives_idle = 4");
                st.execute("SET tcp_keepalives_interval = 2");
                st.execute("SET tcp_keepalives_count = 3");
            }
            return opened;
        }

        private void closeConnection() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
                connection = null;
            }
        }

        /** Steps down and releases the lock (closing the session frees it at once). */
        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            become(false);
            closeConnection();
        }
    }
}
