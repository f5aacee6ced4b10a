package dev.perfkit.cache.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.perfkit.cache.CacheLayer;

/**
 * L3: entries in one SQLite file per application, kept across restarts. The file is in WAL mode with
 * {@code synchronous=NORMAL}; expired entries are never served and are purged in the background, which also keeps
 * the application's entries within their maximum number (soonest-expiring first). Writes are synchronous: an entry
 * that a put returned for is on disk (in the WAL) and survives a crash of the application.
 * <p>
 * Every row carries the application's namespace: two applications pointed at one file never read, evict or purge
 * each other's entries. A file written by an older version (rows without a namespace) is migrated on open by
 * dropping those rows, whose owner cannot be known. Tags live in an indexed side table, so a tag invalidation reads
 * only the rows it deletes.
 * <p>
 * The layer owns two JDBC connections (never a {@code DataSource} bean): one for writes behind a lock (SQLite
 * serializes writers anyway) and one for reads behind another. Under WAL a read never waits for a write, a purge or
 * a tag invalidation: those run in batches of {@value #BATCH} rows on the write connection, and a read that cannot
 * have its connection within the busy timeout is a counted miss ({@link #getReadTimeouts()}), never a longer wait.
 * A failed statement closes the connections; the next call opens them again. A file SQLite reports as corrupt or
 * not a database is moved aside to {@code <path>.corrupt} and a new one is created (if the layer had opened that
 * file before or it has a SQLite header; any other file at the path is left alone and the layer stays failed), and
 * the background purge reopens the file when the path no longer leads to the file the connection has open (the file
 * or its folder was deleted or replaced), so that writes never go to a file nobody will read again.
 *
 * @since 0.1.0
 */
public class SqliteCacheLayer implements CacheLayer, AutoCloseable {

	private static final Log logger = LogFactory.getLog(SqliteCacheLayer.class);

	private static final String TABLE = "perfkit_cache_entries";

	private static final String TAGS = "perfkit_cache_tags";

	// PRAGMA user_version of the schema with namespaces and the tag table
	private static final int SCHEMA_VERSION = 2;

	/** Rows deleted per statement by a purge or a tag invalidation; the write lock is released between batches. */
	static final int BATCH = 500;

	private static final int SQLITE_CORRUPT = 11;

	private static final int SQLITE_NOTADB = 26;

	private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

	private final Path path;

	private final String namespace;

	private final long maxEntries;

	private final Duration busyTimeout;

	private final ReentrantLock lock = new ReentrantLock(true);

	private final ReentrantLock readLock = new ReentrantLock();

	private final LongAdder readTimeouts = new LongAdder();

	private volatile @Nullable Connection readConnection;

	private @Nullable PreparedStatement read;

	private final ScheduledExecutorService purger;

	private @Nullable Connection connection;

	// identity (device and inode) of the file the connection has open, to notice it vanishing or being replaced
	private @Nullable Object fileKey;

	private @Nullable PreparedStatement upsert;

	private @Nullable PreparedStatement delete;

	private @Nullable PreparedStatement deleteTags;

	private @Nullable PreparedStatement insertTag;

	/**
	 * Creates the layer for entries without a namespace; the file is opened on first use.
	 * @param path the SQLite file
	 * @param maxEntries the most entries the file keeps
	 * @param busyTimeout how long a statement waits for a lock held by another process
	 * @param purgeInterval how often expired and surplus entries are deleted
	 */
	public SqliteCacheLayer(Path path, long maxEntries, Duration busyTimeout, Duration purgeInterval) {
		this(path, "", maxEntries, busyTimeout, purgeInterval);
	}

	/**
	 * Creates the layer; the file is opened on first use.
	 * @param path the SQLite file
	 * @param namespace the application's namespace, carried by every row it writes and required of every row it reads
	 * @param maxEntries the most entries of the namespace the file keeps
	 * @param busyTimeout how long a statement waits for a lock held by another process, and the longest wait of a
	 * read for its connection
	 * @param purgeInterval how often expired and surplus entries are deleted
	 */
	public SqliteCacheLayer(Path path, String namespace, long maxEntries, Duration busyTimeout,
			Duration purgeInterval) {
		this.path = path;
		this.namespace = namespace;
		this.maxEntries = maxEntries;
		this.busyTimeout = busyTimeout;
		this.purger = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "perfkit-cache-sqlite-purge");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, purgeInterval.toMillis());
		this.purger.scheduleWithFixedDelay(this::purgeQuietly, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public String name() {
		return "sqlite";
	}

	@Override
	public boolean isShared() {
		return false;
	}

	/**
	 * The SQLite file.
	 * @return the path
	 */
	public Path getPath() {
		return this.path;
	}

	/**
	 * The namespace of the application's rows.
	 * @return the namespace
	 */
	public String getNamespace() {
		return this.namespace;
	}

	/**
	 * Number of reads answered as a miss because the read connection was not free within the busy timeout.
	 * @return the count
	 */
	public long getReadTimeouts() {
		return this.readTimeouts.sum();
	}

	@Override
	public byte @Nullable [] get(String cache, String key) {
		if (this.readConnection == null) {
			// the write connection creates the folder, the file and the schema; taken before the read lock, never
			// while holding it
			withConnection(() -> null);
		}
		boolean locked;
		try {
			locked = this.readLock.tryLock(this.busyTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		if (!locked) {
			this.readTimeouts.increment();
			return null;
		}
		SQLException failure;
		try {
			if (this.readConnection == null) {
				openReader();
			}
			PreparedStatement statement = this.read;
			statement.setString(1, this.namespace);
			statement.setString(2, cache);
			statement.setString(3, key);
			statement.setLong(4, System.currentTimeMillis());
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getBytes(1) : null;
			}
		}
		catch (SQLException ex) {
			closeReader();
			failure = ex;
		}
		finally {
			this.readLock.unlock();
		}
		if (isMissingTable(failure)) {
			// nothing was written to this file yet
			return null;
		}
		if (isCorrupt(failure)) {
			withConnection(() -> {
				throw failure;
			});
		}
		throw failed(failure);
	}

	@Override
	public void put(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags) {
		withConnection(() -> {
			boolean autoCommit = tags.length == 0;
			if (!autoCommit) {
				this.connection.setAutoCommit(false);
			}
			try {
				insert(this.upsert, cache, key, frame, expiresAtMillis, tags);
				if (!autoCommit) {
					this.connection.commit();
				}
			}
			catch (SQLException ex) {
				if (!autoCommit) {
					this.connection.rollback();
				}
				throw ex;
			}
			finally {
				if (!autoCommit) {
					this.connection.setAutoCommit(true);
				}
			}
			return null;
		});
	}

	/**
	 * An insert that leaves a live row alone ({@code ON CONFLICT … DO UPDATE … WHERE} the row has expired), and the
	 * live row's value read back when it did not store, in one transaction under the write lock.
	 */
	@Override
	public byte @Nullable [] putIfAbsent(String cache, String key, byte[] frame, long expiresAtMillis,
			String[] tags) {
		return withConnection(() -> {
			long now = System.currentTimeMillis();
			this.connection.setAutoCommit(false);
			try {
				byte[] existing = null;
				try (PreparedStatement insert = this.connection.prepareStatement("INSERT INTO " + TABLE
						+ " (namespace, cache, key, value, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT"
						+ " (namespace, cache, key) DO UPDATE SET value = excluded.value,"
						+ " expires_at = excluded.expires_at WHERE expires_at <= ?")) {
					insert.setLong(6, now);
					if (!insert(insert, cache, key, frame, expiresAtMillis, tags)) {
						existing = liveValue(cache, key, now);
					}
				}
				this.connection.commit();
				return existing;
			}
			catch (SQLException ex) {
				this.connection.rollback();
				throw ex;
			}
			finally {
				this.connection.setAutoCommit(true);
			}
		});
	}

	/**
	 * Runs an insert of a row (its parameters 1 to 5: namespace, cache, key, value, expiry; any further ones bound by
	 * the caller) and, if it stored the row, replaces the row's tags.
	 * @return whether the row was stored
	 */
	private boolean insert(PreparedStatement insert, String cache, String key, byte[] frame, long expiresAtMillis,
			String[] tags) throws SQLException {
		insert.setString(1, this.namespace);
		insert.setString(2, cache);
		insert.setString(3, key);
		insert.setBytes(4, frame);
		insert.setLong(5, expiresAtMillis);
		if (insert.executeUpdate() == 0) {
			return false;
		}
		PreparedStatement untag = this.deleteTags;
		untag.setString(1, this.namespace);
		untag.setString(2, cache);
		untag.setString(3, key);
		untag.executeUpdate();
		for (String tag : tags) {
			PreparedStatement insertTag = this.insertTag;
			insertTag.setString(1, this.namespace);
			insertTag.setString(2, tag);
			insertTag.setString(3, cache);
			insertTag.setString(4, key);
			insertTag.executeUpdate();
		}
		return true;
	}

		private byte[] liveValue(String cache, String key, long now) throws SQLException {
		try (PreparedStatement select = this.connection.prepareStatement("SELECT value FROM " + TABLE
				+ " WHERE namespace = ? AND cache = ? AND key = ? AND expires_at > ?")) {
			select.setString(1, this.namespace);
			select.setString(2, cache);
			select.setString(3, key);
			select.setLong(4, now);
			try (ResultSet rows = select.executeQuery()) {
				if (!rows.next()) {
					throw new SQLException("Row of '" + key + "' neither inserted nor found");
				}
				return rows.getBytes(1);
			}
		}
	}

	@Override
	public void evict(String cache, String key) {
		withConnection(() -> {
			PreparedStatement statement = this.delete;
			statement.setString(1, this.namespace);
			statement.setString(2, cache);
			statement.setString(3, key);
			statement.executeUpdate();
			return null;
		});
	}

	@Override
	public void clear(String cache) {
		deleteInBatches("DELETE FROM " + TABLE + " WHERE rowid IN (SELECT rowid FROM " + TABLE
				+ " WHERE namespace = ? AND cache = ? LIMIT " + BATCH + ")", this.namespace, cache);
	}

	@Override
	public void invalidateTags(Collection<String> tags) {
		for (String tag : tags) {
			deleteInBatches("DELETE FROM " + TABLE + " WHERE rowid IN (SELECT e.rowid FROM " + TAGS + " t JOIN "
					+ TABLE + " e ON e.namespace = t.namespace AND e.cache = t.cache AND e.key = t.key"
					+ " WHERE t.namespace = ? AND t.tag = ? LIMIT " + BATCH + ")", this.namespace, tag);
		}
	}

	@Override
	public void ping() {
		withConnection(() -> {
			try (Statement statement = this.connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE 0")) {
				rows.next();
			}
			return null;
		});
		requireWritable();
	}

	// what health and the log show: a failure met while the file, its WAL or its folder is not writable (made read-only
	// or immutable while running) says so in the words ping uses, whichever call met it first and whatever SQLite
	// called it (SQLITE_READONLY, or SQLITE_IOERR_WRITE when the WAL cannot be written)
	private IllegalStateException failed(SQLException ex) {
		String notWritable = notWritable();
		if (notWritable != null) {
			return new IllegalStateException(notWritable + " (" + ex.getMessage() + ")", ex);
		}
		return new IllegalStateException("SQLite cache file " + this.path + ": " + ex.getMessage(), ex);
	}

	// a file that reads but cannot be written (made read-only, immutable, or its folder unwritable) is a failing
	// layer for health too, not only for the writes that fail
	private void requireWritable() {
		String notWritable = notWritable();
		if (notWritable != null) {
			throw new IllegalStateException(notWritable);
		}
	}

	private @Nullable String notWritable() {
		Path file = this.path.toAbsolutePath();
		for (Path candidate : new Path[] { file, Path.of(file + "-wal") }) {
			if (Files.exists(candidate) && !Files.isWritable(candidate)) {
				return "SQLite cache file " + candidate + " is read-only: entries are not written to it (nor read from "
						+ "it) until it is writable again";
			}
		}
		Path folder = file.getParent();
		if (folder != null && Files.isDirectory(folder) && !Files.isWritable(folder)) {
			return "Folder " + folder + " of the SQLite cache file is not writable";
		}
		return null;
	}

	@Override
	public long size(String cache) {
		Long size = withConnection(() -> {
			try (PreparedStatement statement = this.connection
				.prepareStatement("SELECT count(*) FROM " + TABLE
						+ " WHERE namespace = ? AND cache = ? AND expires_at > ?")) {
				statement.setString(1, this.namespace);
				statement.setString(2, cache);
				statement.setLong(3, System.currentTimeMillis());
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					return rows.getLong(1);
				}
			}
		});
		return (size != null) ? size : -1;
	}

	/**
	 * Deletes expired entries, then the application's soonest-expiring ones beyond the maximum number of entries, in
	 * batches of {@value #BATCH} rows with the write lock released between them.
	 * @return the number of entries deleted
	 */
	public int purge() {
		int count = deleteInBatches("DELETE FROM " + TABLE + " WHERE rowid IN (SELECT rowid FROM " + TABLE
				+ " WHERE expires_at <= ? LIMIT " + BATCH + ")", System.currentTimeMillis());
		Long entries = withConnection(() -> {
			try (PreparedStatement statement = this.connection
				.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE namespace = ?")) {
				statement.setString(1, this.namespace);
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					return rows.getLong(1);
				}
			}
		});
		long surplus = (entries != null) ? entries - this.maxEntries : 0;
		while (surplus > 0) {
			long batch = Math.min(surplus, BATCH);
			Integer deleted = withConnection(() -> {
				try (PreparedStatement statement = this.connection.prepareStatement("DELETE FROM " + TABLE
						+ " WHERE rowid IN (SELECT rowid FROM " + TABLE + " WHERE namespace = ?"
						+ " ORDER BY expires_at LIMIT ?)")) {
					statement.setString(1, this.namespace);
					statement.setLong(2, batch);
					return statement.executeUpdate();
				}
			});
			if (deleted == null || deleted == 0) {
				break;
			}
			count += deleted;
			surplus -= deleted;
		}
		return count;
	}

	/** Runs a batched delete until it deletes fewer rows than a batch; the write lock is free between batches. */
	private int deleteInBatches(String sql, Object... arguments) {
		int total = 0;
		while (true) {
			Integer deleted = withConnection(() -> {
				try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
					for (int i = 0; i < arguments.length; i++) {
						statement.setObject(i + 1, arguments[i]);
					}
					return statement.executeUpdate();
				}
			});
			int rows = (deleted != null) ? deleted : 0;
			total += rows;
			if (rows < BATCH) {
				return total;
			}
		}
	}

	@Override
	public void close() {
		this.purger.shutdownNow();
		this.lock.lock();
		try {
			closeConnection();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void purgeQuietly() {
		try {
			reopenIfMoved();
			int deleted = purge();
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Purged " + deleted + " entries from " + this.path);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Purge of " + this.path + " failed", ex);
		}
	}

	@SuppressWarnings("NullAway")
	private <T> @Nullable T withConnection(SqlWork<T> work) {
		this.lock.lock();
		try {
			if (this.connection == null) {
				open();
			}
			return work.run();
		}
		catch (SQLException ex) {
			closeConnection();
			if (isCorrupt(ex)) {
				setAside();
			}
			throw failed(ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private static boolean isMissingTable(SQLException ex) {
		String message = ex.getMessage();
		return message != null && message.contains("no such table");
	}

	private static boolean isCorrupt(SQLException ex) {
		int primary = ex.getErrorCode() & 0xff;
		return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
	}

	/**
	 * Moves a corrupt file aside (the last one is kept for inspection) so that the next call creates a new one; only
	 * a file this layer opened before or one with a SQLite header, never another file the path was set to by mistake.
	 */
	private void setAside() {
		Path file = this.path.toAbsolutePath();
		if (!isOurs(file)) {
			return;
		}
		try {
			Files.move(file, Path.of(file + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
			Files.deleteIfExists(Path.of(file + "-wal"));
			Files.deleteIfExists(Path.of(file + "-shm"));
			logger.warn("SQLite cache file " + file + " is corrupt; moved it to " + file.getFileName()
					+ ".corrupt and starting a new one");
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not move corrupt SQLite cache file " + file + " aside", ex);
		}
	}

	private boolean isOurs(Path file) {
		Object key = currentFileKey();
		if (key != null && key.equals(this.fileKey)) {
			return true;
		}
		try (InputStream input = Files.newInputStream(file)) {
			return Arrays.equals(input.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Closes the connection when the path no longer leads to the file it has open; the next call reopens it. */
	private void reopenIfMoved() {
		this.lock.lock();
		try {
			if (this.connection == null || Objects.equals(currentFileKey(), this.fileKey)) {
				return;
			}
			logger.warn("SQLite cache file " + this.path + " was deleted or replaced; reopening it");
			closeConnection();
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable Object currentFileKey() {
		try {
			return Files.readAttributes(this.path.toAbsolutePath(), BasicFileAttributes.class).fileKey();
		}
		catch (IOException ex) {
			return null;
		}
	}

	private void open() throws SQLException {
		try {
			Path parent = this.path.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Connection connection = DriverManager.getConnection(url());
		try {
			try (Statement statement = connection.createStatement()) {
				migrate(statement);
				statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + TABLE + " (namespace TEXT NOT NULL, "
						+ "cache TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, expires_at INTEGER NOT NULL, "
						+ "PRIMARY KEY (namespace, cache, key))");
				statement.executeUpdate("CREATE INDEX IF NOT EXISTS " + TABLE + "_expiry ON " + TABLE
						+ " (namespace, expires_at)");
				statement.executeUpdate(
						"CREATE INDEX IF NOT EXISTS " + TABLE + "_expires_at ON " + TABLE + " (expires_at)");
				statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + TAGS + " (namespace TEXT NOT NULL, "
						+ "tag TEXT NOT NULL, cache TEXT NOT NULL, key TEXT NOT NULL, "
						+ "PRIMARY KEY (namespace, tag, cache, key)) WITHOUT ROWID");
				statement.executeUpdate(
						"CREATE INDEX IF NOT EXISTS " + TAGS + "_entry ON " + TAGS + " (namespace, cache, key)");
				// whatever deletes an entry (evict, clear, purge, invalidation) deletes its tags
				statement.executeUpdate("CREATE TRIGGER IF NOT EXISTS " + TAGS + "_cleanup AFTER DELETE ON " + TABLE
						+ " BEGIN DELETE FROM " + TAGS + " WHERE namespace = OLD.namespace AND cache = OLD.cache"
						+ " AND key = OLD.key; END");
				statement.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
			}
			this.upsert = connection.prepareStatement("INSERT INTO " + TABLE
					+ " (namespace, cache, key, value, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT"
					+ " (namespace, cache, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at");
			this.delete = connection
				.prepareStatement("DELETE FROM " + TABLE + " WHERE namespace = ? AND cache = ? AND key = ?");
			this.deleteTags = connection
				.prepareStatement("DELETE FROM " + TAGS + " WHERE namespace = ? AND cache = ? AND key = ?");
			this.insertTag = connection.prepareStatement(
					"INSERT OR IGNORE INTO " + TAGS + " (namespace, tag, cache, key) VALUES (?, ?, ?, ?)");
			this.connection = connection;
			this.fileKey = currentFileKey();
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

	/** Drops the table of the first schema (rows without a namespace, tags in a column): their owner is unknown. */
	private void migrate(Statement statement) throws SQLException {
		int version;
		try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
			version = rows.next() ? rows.getInt(1) : 0;
		}
		if (version >= SCHEMA_VERSION) {
			return;
		}
		boolean old;
		try (ResultSet rows = statement
			.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + TABLE + "'")) {
			old = rows.next() && rows.getInt(1) > 0;
		}
		if (old) {
			statement.executeUpdate("DROP TABLE " + TABLE);
			logger.info("SQLite cache file " + this.path + " had entries without an application namespace; "
					+ "dropped them (the file now keeps each application's entries apart)");
		}
	}

	private void openReader() throws SQLException {
		Connection connection = DriverManager.getConnection(url());
		try {
			this.read = connection.prepareStatement("SELECT value FROM " + TABLE
					+ " WHERE namespace = ? AND cache = ? AND key = ? AND expires_at > ?");
			this.readConnection = connection;
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

	private String url() {
		return "jdbc:sqlite:" + this.path.toAbsolutePath() + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout="
				+ this.busyTimeout.toMillis();
	}

	private void closeReader() {
		Connection connection = this.readConnection;
		this.readConnection = null;
		this.read = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// the connection is abandoned either way
			}
		}
	}

	/** Closes both connections; called with the write lock held, takes the read lock (always in this order). */
	private void closeConnection() {
		this.readLock.lock();
		try {
			closeReader();
		}
		finally {
			this.readLock.unlock();
		}
		Connection connection = this.connection;
		this.connection = null;
		this.upsert = null;
		this.delete = null;
		this.deleteTags = null;
		this.insertTag = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// the connection is abandoned either way
			}
		}
	}

	@Override
	public String toString() {
		return "SqliteCacheLayer[" + this.path + "]";
	}

	@FunctionalInterface
	private interface SqlWork<T> {

		@Nullable T run() throws SQLException;

	}

}
