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
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;

/**
 * The append-only log (the kine shape): one row per change, whose {@code id} is the global revision. Two
 * dialects share every query: SQLite in the data directory for one member alone, and PostgreSQL shared by every
 * member of a highly available control plane.
 *
 * <p>Rows: {@code id} (revision), {@code path}, {@code created} (1 if the row created the object),
 * {@code deleted} (1 for a tombstone), {@code create_revision}, {@code prev_revision} (the row it supersedes)
 * and {@code value} (for a tombstone, the last value, so a DELETED event can carry it). The current state is the
 * latest row per path unless it is a tombstone; the state at revision {@code r} is the latest row per path with
 * {@code id <= r}.
 *
 * <p>The head revision lives in a one-row table, {@code revision}. Every append locks that row first (in
 * PostgreSQL {@code SELECT ... FOR UPDATE}; SQLite has one writer per file anyway), reads the heads of the paths
 * it writes, and commits its rows and the new head together. So writers on several members are serialized by the
 * database, revisions come out in commit order with no gaps, and every revision below a committed one is
 * committed too: a reader that sees revision {@code r} can always read everything up to it.
 *
 * <p>Threading: {@link #append} and {@link #compactChunk} are called by one writer thread per member on the write
 * connection; reads take a connection from a small pool and run concurrently.
 */
final class SqlLog implements AutoCloseable {

    static final String FILE_NAME = "flotilla.db";
    private static final int READ_CONNECTIONS = 3;
    /** Paths per heads query: well under both databases' limits on bound parameters. */
    private static final int HEADS_CHUNK = 500;
    /** Serializes schema creation when several members start at once on an empty PostgreSQL database. */
    private static final long SCHEMA_LOCK = 0x666c6f74696c6c61L;

    /** Which database holds the log. */
    enum Dialect { SQLITE, POSTGRES }

    private final Dialect dialect;
    private final String url;
    private final Properties connectionProperties;
    private final boolean fsyncEachCommit;
    private final String where;
    private Connection writeConnection;
    private PreparedStatement insert;
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

    /**
     * What an append decided, given the head revision and the heads of its paths.
     *
     * @param checkedAt the head revision the writes were checked against (filled in by {@link #append})
     */
    record Plan(List<WatchEvent> events, List<Long> prevRevisions, long checkedAt) {
    }

    /** Decides an append inside its transaction; see {@link #append}. */
    @FunctionalInterface
    interface Planner {
        Plan plan(long headRevision, Map<String, StoredObject> heads);
    }

    /** The current state read in one snapshot: the objects and the revision they are at. */
    record Snapshot(long revision, List<StoredObject> objects) {
    }

    /** The embedded log: SQLite in {@code dataDir/flotilla.db}. */
    static SqlLog embedded(Path dataDir, boolean fsyncEachCommit) {
        try {
            Files.createDirectories(dataDir);
        } catch (Exception e) {
            throw new StoreException.Unavailable("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        return new SqlLog(Dialect.SQLITE, "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath(),
                new Properties(), fsyncEachCommit, dataDir.toString());
    }

    /** The shared log: PostgreSQL, one database for every member of the control plane. */
    static SqlLog shared(StoreConfig.SharedLog shared) {
        return new SqlLog(Dialect.POSTGRES, shared.jdbcUrl(), postgresProperties(shared, "flotilla"), true,
                shared.jdbcUrl());
    }

    /** How every connection to a shared log logs in, and notices a dead peer. */
    static Properties postgresProperties(StoreConfig.SharedLog shared, String applicationName) {
        Properties properties = new Properties();
        properties.setProperty("user", shared.user());
        if (!shared.password().isEmpty()) {
            properties.setProperty("password", shared.password());
        }
        // A dead peer's socket must not hold a connection (and the revision row's lock) for long.
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("ApplicationName", applicationName);
        return properties;
    }

    private SqlLog(Dialect dialect, String url, Properties connectionProperties, boolean fsyncEachCommit,
                   String where) {
        this.dialect = dialect;
        this.url = url;
        this.connectionProperties = connectionProperties;
        this.fsyncEachCommit = fsyncEachCommit;
        this.where = where;
        try {
            writeConnection = open();
            writeConnection.setAutoCommit(false);
            createSchema();
            prepareInsert();
        } catch (Exception e) {
            closeQuietly(writeConnection);
            throw new StoreException.Unavailable("cannot open the object store log in " + where + ": "
                    + e.getMessage(), e);
        }
    }

    private void createSchema() throws SQLException {
        try (Statement st = writeConnection.createStatement()) {
            if (dialect == Dialect.POSTGRES) {
                st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                // COLLATE "C": paths are compared byte by byte, as Keys.upperBound and the cache's order expect.
                st.execute("CREATE TABLE IF NOT EXISTS log ("
                        + "id BIGINT PRIMARY KEY, "
                        + "path TEXT COLLATE \"C\" NOT NULL, "
                        + "created SMALLINT NOT NULL, "
                        + "deleted SMALLINT NOT NULL, "
                        + "create_revision BIGINT NOT NULL, "
                        + "prev_revision BIGINT NOT NULL, "
                        + "value BYTEA NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS revision (id INTEGER PRIMARY KEY, current BIGINT NOT NULL)");
            } else {
                st.execute("CREATE TABLE IF NOT EXISTS log ("
                        + "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "path TEXT NOT NULL, "
                        + "created INTEGER NOT NULL, "
                        + "deleted INTEGER NOT NULL, "
                        + "create_revision INTEGER NOT NULL, "
                        + "prev_revision INTEGER NOT NULL, "
                        + "value BLOB NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS revision (id INTEGER PRIMARY KEY, current INTEGER NOT NULL)");
            }
            st.execute("CREATE INDEX IF NOT EXISTS log_path_id ON log (path, id)");
            st.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
            boolean hasHead;
            try (ResultSet rs = st.executeQuery("SELECT current FROM revision WHERE id = 1")) {
                hasHead = rs.next();
            }
            if (!hasHead) {
                // A log written before the revision table existed: its head is the highest id ever used, which
                // SQLite keeps in sqlite_sequence even when compaction removed the newest rows.
                long head = 0;
                if (dialect == Dialect.SQLITE) {
                    try (ResultSet rs = st.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'log'")) {
                        if (rs.next()) {
                            head = rs.getLong(1);
                        }
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT MAX(id) FROM log")) {
                    if (rs.next()) {
                        head = Math.max(head, rs.getLong(1));
                    }
                }
                st.executeUpdate("INSERT INTO revision (id, current) VALUES (1, " + head + ")");
            }
            st.executeUpdate("INSERT INTO meta (name, value) VALUES ('store_id', '" + UUID.randomUUID()
                    + "') ON CONFLICT(name) DO NOTHING");
        }
        writeConnection.commit();
    }

    private void openWriteConnection() throws SQLException {
        writeConnection = open();
        writeConnection.setAutoCommit(false);
        prepareInsert();
    }

    /** SQLite checks a statement against the schema when it is prepared: only once the tables exist. */
    private void prepareInsert() throws SQLException {
        insert = writeConnection.prepareStatement(
                "INSERT INTO log (id, path, created, deleted, create_revision, prev_revision, value) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)");
    }

    /** After a failed commit the connection may be broken (a database restart): open a fresh one if so. */
    private void reviveWriteConnection() {
        try {
            if (writeConnection.isValid(2)) {
                return;
            }
        } catch (SQLException ignored) {
            // treat as broken
        }
        closeQuietly(writeConnection);
        try {
            openWriteConnection();
        } catch (SQLException e) {
            throw new StoreException.Unavailable("cannot reconnect to the object store log in " + where + ": "
                    + e.getMessage(), e);
        }
    }

    private Connection open() throws SQLException {
        if (dialect == Dialect.POSTGRES) {
            // The driver is called directly, not through DriverManager: DriverManager only hands out drivers
            // registered by the caller's class loader, which fails when the store is opened from more than one.
            Connection connection = new org.postgresql.Driver().connect(url, connectionProperties);
            if (connection == null) {
                throw new SQLException("not a PostgreSQL URL: " + url);
            }
            try (Statement st = connection.createStatement()) {
                // A member frozen inside a transaction must not hold the revision row for ever, and a writer
                // waiting for it fails (Unavailable) rather than hangs.
                st.execute("SET idle_in_transaction_session_timeout = '10s'");
                st.execute("SET lock_timeout = '10s'");
            }
            return connection;
        }
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

    /** The head revision: the highest revision ever committed (0 for a new log). */
    long headRevision() {
        return withRead(SqlLog::readHead);
    }

    private static long readHead(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current FROM revision WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    long compactedRevision() {
        String value = meta("compacted_revision");
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The current state and its revision, read in one transaction so the two agree. */
    Snapshot snapshot() {
        return withRead(c -> {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            if (dialect == Dialect.POSTGRES) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                List<StoredObject> objects = new ArrayList<>();
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT l.id, l.path, l.created, l.deleted, l.create_revision, "
                             + "l.value FROM log l JOIN (SELECT MAX(id) AS mid FROM log GROUP BY path) m "
                             + "ON l.id = m.mid WHERE l.deleted = 0 ORDER BY l.path")) {
                    while (rs.next()) {
                        objects.add(row(rs).toObject());
                    }
                }
                long revision = readHead(c);
                c.commit();
                return new Snapshot(revision, objects);
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
                if (dialect == Dialect.POSTGRES) {
                    c.setTransactionIsolation(isolation);
                }
            }
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
     * Appends one group of writes in one transaction (writer thread only): locks the head revision, reads the
     * heads of {@code paths}, lets {@code planner} decide the rows (it checks each write against those heads and
     * numbers the accepted ones from the head revision on), inserts them with the new head and commits, durably.
     * Returns the plan committed. On failure the transaction is rolled back and the exception rethrown: no row of
     * the group was written and no revision was used.
     */
    Plan append(Collection<String> paths, Planner planner) throws SQLException {
        reviveWriteConnection();
        try {
            long head = lockHead();
            Map<String, StoredObject> heads = readHeads(paths);
            Plan plan = planner.plan(head, heads);
            if (!plan.events().isEmpty()) {
                insertRows(plan.events(), plan.prevRevisions());
                setHead(plan.events().get(plan.events().size() - 1).revision());
            }
            writeConnection.commit();
            return new Plan(plan.events(), plan.prevRevisions(), head);
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

    /** Takes the revision row (held to the end of the transaction) and returns the head revision. */
    private long lockHead() throws SQLException {
        String sql = dialect == Dialect.POSTGRES
                ? "SELECT current FROM revision WHERE id = 1 FOR UPDATE"
                : "SELECT current FROM revision WHERE id = 1";
        try (Statement st = writeConnection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("the revision row is missing from the log in " + where);
            }
            return rs.getLong(1);
        }
    }

    private void setHead(long revision) throws SQLException {
        try (PreparedStatement ps = writeConnection.prepareStatement("UPDATE revision SET current = ? WHERE id = 1")) {
            ps.setLong(1, revision);
            ps.executeUpdate();
        }
    }

    /** The latest row of each path that exists (tombstones count as absent), read on the write connection. */
    private Map<String, StoredObject> readHeads(Collection<String> paths) throws SQLException {
        Map<String, StoredObject> heads = new HashMap<>();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(paths));
        for (int from = 0; from < distinct.size(); from += HEADS_CHUNK) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + HEADS_CHUNK));
            String sql = "SELECT l.id, l.path, l.created, l.deleted, l.create_revision, l.value FROM log l WHERE l.id IN "
                    + "(SELECT MAX(id) FROM log WHERE path IN (" + String.join(",", Collections.nCopies(chunk.size(), "?"))
                    + ") GROUP BY path) AND l.deleted = 0";
            try (PreparedStatement ps = writeConnection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredObject object = row(rs).toObject();
                        heads.put(object.key().path(), object);
                    }
                }
            }
        }
        return heads;
    }

    private void insertRows(List<WatchEvent> events, List<Long> prevRevisions) throws SQLException {
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
    }

    /**
     * Records that revisions up to {@code revision} are being compacted, committed before any row goes; never
     * moves the mark back (another member may have compacted further). Returns the compacted revision now.
     */
    long markCompacted(long revision) throws SQLException {
        reviveWriteConnection();
        try {
            lockHead();
            String current = metaOnWriter("compacted_revision");
            long compacted = Math.max(revision, current == null ? 0 : Long.parseLong(current));
            setMeta("compacted_revision", Long.toString(compacted));
            writeConnection.commit();
            return compacted;
        } catch (SQLException e) {
            writeConnection.rollback();
            throw e;
        }
    }

    /**
     * Compacts the rows with {@code from < id <= to} (all at or below the compacted revision): deletes the rows
     * they superseded (found through {@code prev_revision}, however old) and the tombstones among them. No read
     * at a revision at or above the compacted revision needs either. Records {@code to} as the compaction's
     * progress in the same transaction, so an interrupted compaction resumes where it stopped. Deleting is
     * idempotent, so two members compacting the same range do no harm.
     */
    void compactChunk(long from, long to) throws SQLException {
        reviveWriteConnection();
        try (PreparedStatement superseded = writeConnection.prepareStatement(
                "DELETE FROM log WHERE id IN (SELECT prev_revision FROM log WHERE id > ? AND id <= ? AND prev_revision > 0)");
             PreparedStatement tombstones = writeConnection.prepareStatement(
                     "DELETE FROM log WHERE id > ? AND id <= ? AND deleted = 1")) {
            lockHead();
            superseded.setLong(1, from);
            superseded.setLong(2, to);
            superseded.executeUpdate();
            tombstones.setLong(1, from);
            tombstones.setLong(2, to);
            tombstones.executeUpdate();
            String progress = metaOnWriter("compaction_progress");
            setMeta("compaction_progress", Long.toString(Math.max(to, progress == null ? 0 : Long.parseLong(progress))));
            writeConnection.commit();
        } catch (SQLException e) {
            writeConnection.rollback();
            throw e;
        }
    }

    private String metaOnWriter(String name) throws SQLException {
        try (PreparedStatement ps = writeConnection.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
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
        boolean healthy = true;
        try {
            return work.run(connection);
        } catch (SQLException e) {
            healthy = isValid(connection);
            throw new StoreException.Unavailable("object store log read failed: " + e.getMessage(), e);
        } finally {
            if (healthy) {
                readPool.offer(connection);
            } else {
                // A broken connection (the database restarted) is dropped; the next read opens a fresh one.
                synchronized (allReadConnections) {
                    allReadConnections.remove(connection);
                }
                closeQuietly(connection);
            }
        }
    }

    private static boolean isValid(Connection connection) {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
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
