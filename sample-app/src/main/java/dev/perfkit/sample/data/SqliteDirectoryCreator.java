package dev.perfkit.sample.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Creates the directory of a SQLite database file before the pool opens its first connection: SQLite creates a
 * missing file, but not a missing directory. Working on the configured JDBC URL, rather than defining the
 * {@code DataSource} here, keeps Boot's DataSource auto-configuration, so a {@code @ServiceConnection} (such as
 * PostgreSQL in {@code TestSampleApplication}) still replaces the database.
 *
 * @since 0.1.0
 */
@Component
public class SqliteDirectoryCreator implements BeanPostProcessor {

	private static final String SQLITE_PREFIX = "jdbc:sqlite:";

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource dataSource) {
			Path file = databaseFile(dataSource.getJdbcUrl());
			if (file != null) {
				createParentDirectory(file);
			}
		}
		return bean;
	}

	/**
	 * Returns the database file of a SQLite JDBC URL.
	 * @param jdbcUrl the JDBC URL
	 * @return the file, or {@code null} for another database or an in-memory SQLite database
	 */
	static @Nullable Path databaseFile(@Nullable String jdbcUrl) {
		if (jdbcUrl == null || !jdbcUrl.startsWith(SQLITE_PREFIX)) {
			return null;
		}
		String location = jdbcUrl.substring(SQLITE_PREFIX.length());
		int query = location.indexOf('?');
		if (query >= 0) {
			location = location.substring(0, query);
		}
		if (location.startsWith("file:")) {
			location = location.substring("file:".length());
		}
		if (location.isEmpty() || location.startsWith(":memory:")) {
			return null;
		}
		return Path.of(location);
	}

	private static void createParentDirectory(Path file) {
		Path directory = file.toAbsolutePath().getParent();
		if (directory == null) {
			return;
		}
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create directory '" + directory
					+ "' for the SQLite database; set 'sample.database-file' to a writable location", ex);
		}
	}

}
