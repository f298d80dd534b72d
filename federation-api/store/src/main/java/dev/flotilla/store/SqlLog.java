package dev.flotilla.store;

import org.sqlite.JDBC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The append-only log in SQLite (the kine shape): one row per change, whose {@code id} is the global revision.
 *
 * <p>Rows: {@code id} (revision), {@code path}, {@code created} (1 if the row created the object),
 * {@code deleted} (1 for a tombstone), {@code create_revision}, {@code prev_revision} (the row it supersedes)
 * and {@code value} (for a tombstone, the last value, so a DELETED event can carry it). The current state is the
 * latest row per path unless it is a tombstone; the state at revision {@code r} is the latest row per path with
 * {@code id <= r}. {@code AUTOINCREMENT} keeps the highest id ever used in {@code sqlite_sequence}, so revisions
 * never go back, even when compaction has removed the newest rows.
 *
 * <p>Threading: {@link #append} and {@link #compactChunk} are called by the single writer thread on the write
 * connection; reads take a connection from a small pool and run concurrently (WAL lets readers see a consistent
 * snapshot while the writer commits).
 */
final class SqlLog implements AutoCloseable {

    static final String FILE_NAME = "flotilla.db";
    private static final int READ_CONNECTIONS = 3;

    private final String url;
    private final boolean fsyncEachCommit;
    private final Connection writeConnection;
    private final PreparedStatement insert;
    private final BlockingQueue<Connection> readPool = new ArrayBlockingQueue<>(READ_CONNECTIONS);
    private final List<Connection> allReadConnections = new ArrayList<>();

    /** One row read back from the log. */
    record Row(long id, String path, boolean created, boolean deleted, long createRevision, byte[] value) {

        WatchEvent toEvent() {
            WatchEvent.Type type = deleted ? WatchEvent.Type.DELETED
                    : created ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED;
            return new WatchEvent(type, toObject());
        }

        StoredObject toObject() {
            return new StoredObject(Keys.parse(path), createRevision, id, value);
        }
    }

    SqlLog(Path dataDir, boolean fsyncEachCommit) {
        this.fsyncEachCommit = fsyncEachCommit;
        try {
            Files.createDirectories(dataDir);
            this.url = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
            this.writeConnection = open();
            try (Statement st = writeConnection.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS log ("
                        + "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "path TEXT NOT NULL, "
                        + "created INTEGER NOT NULL, "
                        + "deleted INTEGER NOT NULL, "
                        + "create_revision INTEGER NOT NULL, "
                        + "prev_revision INTEGER NOT NULL, "
                        + "value BLOB NOT NULL)");
                st.execute("CREATE INDEX IF NOT EXISTS log_path_id ON log (path, id)");
                st.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
            }
            writeConnection.setAutoCommit(false);
            this.insert = writeConnection.prepareStatement(
                    "INSERT INTO log (id, path, created, deleted, create_revision, prev_revision, value) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)");
            if (meta("store_id") == null) {
                setMeta("store_id", UUID.randomUUID().toString());
                writeConnection.commit();
            }
        } catch (Exception e) {
            throw new StoreException.Unavailable("cannot open the object store log in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private Connection open() throws SQLException {
        // The driver is called directly, not through DriverManager: DriverManager only hands out drivers registered
        // by the caller's class loader, which fails when the store is opened from more than one (Quarkus tests).
        Connection connection = JDBC.createConnection(url, new Properties());
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            // FULL fsyncs the WAL on every commit (power-loss safe); NORMAL in WAL mode still survives kill -9,
            // because a committed transaction is in the OS page cache, which outlives the process.
            st.execute("PRAGMA synchronous=" + (fsyncEachCommit ? "FULL" : "NORMAL"));
            st.execute("PRAGMA busy_timeout=10000");
            st.execute("PRAGMA cache_size=-16000");
        }
        return connection;
    }

    /** The identity of this log; Hazelcast structures are named after it so two logs never share them. */
    String storeId() {
        return meta("store_id");
    }

    /** The highest revision ever written (0 for a new log). */
    long maxRevision() {
        return withRead(c -> {
            long max = 0;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'log'")) {
                if (rs.next()) {
                    max = rs.getLong(1);
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(id) FROM log")) {
                if (rs.next()) {
                    max = Math.max(max, rs.getLong(1));
                }
            }
            return max;
        });
    }

    long compactedRevision() {
        String value = meta("compacted_revision");
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Streams the current state: the latest row of every path that is not a tombstone. */
    void loadCurrent(Consumer<Row> sink) {
        withRead(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT l.id, l.path, l.created, l.deleted, l.create_revision, l.value "
                         + "FROM log l JOIN (SELECT MAX(id) AS mid FROM log GROUP BY path) m ON l.id = m.mid "
                         + "WHERE l.deleted = 0 ORDER BY l.path")) {
                while (rs.next()) {
                    sink.accept(row(rs));
                }
            }
            return null;
        });
    }

    /**
     * The objects under a prefix as they were at {@code revision}, in path order, after {@code startAfter}:
     * the latest row per path with {@code id <= revision}, unless it is a tombstone. Reads until
     * {@code limit + 1} objects passed {@code filter} (0: all), so the caller can tell whether more follow.
     */
    List<StoredObject> listAt(String prefixPath, String startAfter, long revision, int limit,
                              Predicate<StoredObject> filter) {
        String from = startAfter != null && startAfter.compareTo(prefixPath) >= 0 ? startAfter : prefixPath;
        boolean exclusive = startAfter != null && startAfter.compareTo(prefixPath) >= 0;
        String sql = "SELECT l.id, l.path, l.created, l.deleted, l.create_revision, l.value FROM log l "
                + "JOIN (SELECT MAX(id) AS mid FROM log WHERE path " + (exclusive ? ">" : ">=") + " ? AND path < ? "
                + "AND id <= ? GROUP BY path) m ON l.id = m.mid WHERE l.deleted = 0 ORDER BY l.path";
        return withRead(c -> {
            List<StoredObject> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, from);
                ps.setString(2, Keys.upperBound(prefixPath));
                ps.setLong(3, revision);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredObject object = row(rs).toObject();
                        if (filter.test(object)) {
                            out.add(object);
                            if (limit > 0 && out.size() > limit) {
                                break;
                            }
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The events under a prefix (null: all) with {@code after < revision <= upTo}, in revision order. */
    List<WatchEvent> eventsBetween(String prefixPath, long after, long upTo) {
        String sql = "SELECT id, path, created, deleted, create_revision, value FROM log WHERE id > ? AND id <= ?"
                + (prefixPath == null ? "" : " AND path >= ? AND path < ?") + " ORDER BY id";
        return withRead(c -> {
            List<WatchEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, after);
                ps.setLong(2, upTo);
                if (prefixPath != null) {
                    ps.setString(3, prefixPath);
                    ps.setString(4, Keys.upperBound(prefixPath));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs).toEvent());
                    }
                }
            }
            return out;
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getInt(4) != 0, rs.getLong(5),
                rs.getBytes(6));
    }

    /**
     * Appends rows in one transaction and commits (durably, per the synchronous mode). Writer thread only. On
     * failure the transaction is rolled back and the exception rethrown: no row of the batch was written.
     */
    void append(List<WatchEvent> events, List<Long> prevRevisions) throws SQLException {
        try {
            for (int i = 0; i < events.size(); i++) {
                WatchEvent event = events.get(i);
                StoredObject object = event.object();
                insert.setLong(1, object.modRevision());
                insert.setString(2, object.key().path());
                insert.setInt(3, event.type() == WatchEvent.Type.ADDED ? 1 : 0);
                insert.setInt(4, event.type() == WatchEvent.Type.DELETED ? 1 : 0);
                insert.setLong(5, object.createRevision());
                insert.setLong(6, prevRevisions.get(i));
                insert.setBytes(7, object.value());
                insert.addBatch();
            }
            insert.executeBatch();
            writeConnection.commit();
        } catch (SQLException | RuntimeException e) {
            insert.clearBatch();
            try {
                writeConnection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    /** Records that revisions up to {@code revision} are being compacted; committed before any row goes. */
    void markCompacted(long revision) throws SQLException {
        setMeta("compacted_revision", Long.toString(revision));
        writeConnection.commit();
    }

    /**
     * Compacts the rows with {@code from < id <= to} (all at or below the compacted revision): deletes the rows
     * they superseded (found through {@code prev_revision}, however old) and the tombstones among them. No read
     * at a revision at or above the compacted revision needs either. Records {@code to} as the compaction's
     * progress in the same transaction, so an interrupted compaction resumes where it stopped.
     */
    void compactChunk(long from, long to) throws SQLException {
        try (PreparedStatement superseded = writeConnection.prepareStatement(
                "DELETE FROM log WHERE id IN (SELECT prev_revision FROM log WHERE id > ? AND id <= ? AND prev_revision > 0)");
             PreparedStatement tombstones = writeConnection.prepareStatement(
                     "DELETE FROM log WHERE id > ? AND id <= ? AND deleted = 1")) {
            superseded.setLong(1, from);
            superseded.setLong(2, to);
            superseded.executeUpdate();
            tombstones.setLong(1, from);
            tombstones.setLong(2, to);
            tombstones.executeUpdate();
            setMeta("compaction_progress", Long.toString(to));
            writeConnection.commit();
        } catch (SQLException e) {
            writeConnection.rollback();
            throw e;
        }
    }

    /** The revision up to which compaction has deleted rows (it may trail the compacted revision after a crash). */
    long compactionProgress() {
        String value = meta("compaction_progress");
        return value == null ? 0 : Long.parseLong(value);
    }

    /** How many rows the log holds (for tests and metrics). */
    long rowCount() {
        return withRead(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM log")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private String meta(String name) {
        return withRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private void setMeta(String name, String value) throws SQLException {
        try (PreparedStatement ps = writeConnection.prepareStatement(
                "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withRead(SqlWork<T> work) {
        Connection connection = borrow();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException.Unavailable("object store log read failed: " + e.getMessage(), e);
        } finally {
            readPool.offer(connection);
        }
    }

    private Connection borrow() {
        Connection connection = readPool.poll();
        if (connection != null) {
            return connection;
        }
        synchronized (allReadConnections) {
            if (allReadConnections.size() < READ_CONNECTIONS) {
                try {
                    Connection created = open();
                    allReadConnections.add(created);
                    return created;
                } catch (SQLException e) {
                    throw new StoreException.Unavailable("cannot open a read connection: " + e.getMessage(), e);
                }
            }
        }
        try {
            return readPool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException.Unavailable("interrupted while waiting for a log connection", e);
        }
    }

    @Override
    public void close() {
        synchronized (allReadConnections) {
            for (Connection c : allReadConnections) {
                closeQuietly(c);
            }
            allReadConnections.clear();
        }
        try {
            insert.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
        closeQuietly(writeConnection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing to do on close
        }
    }
}
