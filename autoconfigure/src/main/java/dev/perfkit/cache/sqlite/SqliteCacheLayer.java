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
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.perfkit.cache.CacheLayer;

/**
 * L3: entries in one SQLite file per application, kept across restarts. The file is in WAL mode with
 * {@code synchronous=NORMAL}; expired entries are never served and are purged in the background, which also keeps
 * the file within its maximum number of entries (soonest-expiring first). Writes are synchronous: an entry that a
 * put returned for is on disk (in the WAL) and survives a crash of the application.
 * <p>
 * The layer owns one JDBC connection (never a {@code DataSource} bean) behind a lock: SQLite serializes writers
 * anyway, and one connection keeps prepared statements warm. A failed statement closes the connection; the next call
 * opens it again. A file SQLite reports as corrupt or not a database is moved aside to {@code <path>.corrupt} and a
 * new one is created (if the layer had opened that file before or it has a SQLite header; any other file at the path
 * is left alone and the layer stays failed), and the background purge reopens the file when the path no longer leads to the file the
 * connection has open (the file or its folder was deleted or replaced), so that writes never go to a file nobody will
 * read again.
 *
 * @since 0.1.0
 */
public class SqliteCacheLayer implements CacheLayer, AutoCloseable {

	private static final Log logger = LogFactory.getLog(SqliteCacheLayer.class);

	private static final String TABLE = "perfkit_cache_entries";

	private static final int SQLITE_CORRUPT = 11;

	private static final int SQLITE_NOTADB = 26;

	private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

	private final Path path;

	private final long maxEntries;

	private final Duration busyTimeout;

	private final ReentrantLock lock = new ReentrantLock(true);

	private final ScheduledExecutorService purger;

	private @Nullable Connection connection;

	// identity (device and inode) of the file the connection has open, to notice it vanishing or being replaced
	private @Nullable Object fileKey;

	private @Nullable PreparedStatement select;

	private @Nullable PreparedStatement upsert;

	private @Nullable PreparedStatement delete;

	/**
	 * Creates the layer; the file is opened on first use.
	 * @param path the SQLite file
	 * @param maxEntries the most entries the file keeps
	 * @param busyTimeout how long a statement waits for a lock held by another process
	 * @param purgeInterval how often expired and surplus entries are deleted
	 */
	public SqliteCacheLayer(Path path, long maxEntries, Duration busyTimeout, Duration purgeInterval) {
		this.path = path;
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

	@Override
	public byte @Nullable [] get(String cache, String key) {
		return withConnection(() -> {
			PreparedStatement statement = this.select;
			statement.setString(1, cache);
			statement.setString(2, key);
			statement.setLong(3, System.currentTimeMillis());
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getBytes(1) : null;
			}
		});
	}

	@Override
	public void put(String cache, String key, byte[] frame, long expiresAtMillis, String[] tags) {
		withConnection(() -> {
			PreparedStatement statement = this.upsert;
			statement.setString(1, cache);
			statement.setString(2, key);
			statement.setBytes(3, frame);
			statement.setLong(4, expiresAtMillis);
			statement.setString(5, (tags.length == 0) ? null : "|" + String.join("|", tags) + "|");
			statement.executeUpdate();
			return null;
		});
	}

	@Override
	public void evict(String cache, String key) {
		withConnection(() -> {
			PreparedStatement statement = this.delete;
			statement.setString(1, cache);
			statement.setString(2, key);
			statement.executeUpdate();
			return null;
		});
	}

	@Override
	public void clear(String cache) {
		update("DELETE FROM " + TABLE + " WHERE cache = ?", cache);
	}

	@Override
	public void invalidateTags(Collection<String> tags) {
		for (String tag : tags) {
			String escaped = tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
			update("DELETE FROM " + TABLE + " WHERE tags LIKE ? ESCAPE '\\'", "%|" + escaped + "|%");
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
	}

	@Override
	public long size(String cache) {
		Long size = withConnection(() -> {
			try (PreparedStatement statement = this.connection
				.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE cache = ? AND expires_at > ?")) {
				statement.setString(1, cache);
				statement.setLong(2, System.currentTimeMillis());
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					return rows.getLong(1);
				}
			}
		});
		return (size != null) ? size : -1;
	}

	/**
	 * Deletes expired entries, then the soonest-expiring ones beyond the maximum number of entries.
	 * @return the number of entries deleted
	 */
	public int purge() {
		Integer deleted = withConnection(() -> {
			int count;
			try (PreparedStatement statement = this.connection
				.prepareStatement("DELETE FROM " + TABLE + " WHERE expires_at <= ?")) {
				statement.setLong(1, System.currentTimeMillis());
				count = statement.executeUpdate();
			}
			try (PreparedStatement statement = this.connection.prepareStatement("DELETE FROM " + TABLE
					+ " WHERE rowid IN (SELECT rowid FROM " + TABLE + " ORDER BY expires_at LIMIT max(0, "
					+ "(SELECT count(*) FROM " + TABLE + ") - ?))")) {
				statement.setLong(1, this.maxEntries);
				count += statement.executeUpdate();
			}
			return count;
		});
		return (deleted != null) ? deleted : 0;
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

	private void update(String sql, String argument) {
		withConnection(() -> {
			try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
				statement.setString(1, argument);
				statement.executeUpdate();
			}
			return null;
		});
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
			throw new IllegalStateException("SQLite cache file " + this.path + ": " + ex.getMessage(), ex);
		}
		finally {
			this.lock.unlock();
		}
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
		Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.path.toAbsolutePath()
				+ "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=" + this.busyTimeout.toMillis());
		try {
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + TABLE + " (cache TEXT NOT NULL, "
						+ "key TEXT NOT NULL, value BLOB NOT NULL, expires_at INTEGER NOT NULL, tags TEXT, "
						+ "PRIMARY KEY (cache, key))");
				statement.executeUpdate(
						"CREATE INDEX IF NOT EXISTS " + TABLE + "_expires_at ON " + TABLE + " (expires_at)");
			}
			this.select = connection
				.prepareStatement("SELECT value FROM " + TABLE + " WHERE cache = ? AND key = ? AND expires_at > ?");
			this.upsert = connection.prepareStatement("INSERT OR REPLACE INTO " + TABLE
					+ " (cache, key, value, expires_at, tags) VALUES (?, ?, ?, ?, ?)");
			this.delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE cache = ? AND key = ?");
			this.connection = connection;
			this.fileKey = currentFileKey();
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

	private void closeConnection() {
		Connection connection = this.connection;
		this.connection = null;
		this.select = null;
		this.upsert = null;
		this.delete = null;
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
