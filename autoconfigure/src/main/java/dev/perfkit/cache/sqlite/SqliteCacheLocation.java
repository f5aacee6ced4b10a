package dev.perfkit.cache.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Where the SQLite cache file lives and the checks that keep its folder private: by default
 * {@code $XDG_CACHE_HOME/perfkit} (else {@code ~/.cache/perfkit}, else {@code <tmpdir>/perfkit-<user>}), created
 * owner-only; any folder holding the file must belong to the user the application runs as and must not be writable by
 * its group or others, or another local user could plant entries or read them.
 *
 * @since 0.1.0
 */
public final class SqliteCacheLocation {

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private SqliteCacheLocation() {
	}

	/**
	 * Returns the default SQLite file of an application.
	 * @param application the application's name, reduced to a safe file name
	 * @return the file
	 */
	public static Path defaultPath(String application) {
		return defaultFolder(System.getenv(), System.getProperty("user.home"), System.getProperty("java.io.tmpdir"),
				System.getProperty("user.name", "user"))
			.resolve(fileName(application) + ".db");
	}

	static Path defaultFolder(Map<String, String> environment, @Nullable String home, String tmpdir, String user) {
		String xdg = environment.get("XDG_CACHE_HOME");
		if (xdg != null && Path.of(xdg).isAbsolute()) {
			return Path.of(xdg, "perfkit");
		}
		if (home != null && !home.isBlank() && !"?".equals(home) && Files.isDirectory(Path.of(home))
				&& Files.isWritable(Path.of(home))) {
			return Path.of(home, ".cache", "perfkit");
		}
		return Path.of(tmpdir, "perfkit-" + fileName(user));
	}

	/** Keeps letters, digits, dots, dashes and underscores; anything else becomes an underscore. */
	static String fileName(String name) {
		String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
		return (safe.isEmpty() || safe.startsWith(".")) ? "_" + safe : safe;
	}

	/**
	 * Creates the folder of a SQLite file owner-only if it is missing, and refuses it if it belongs to another user or
	 * its group or others may write to it. Does nothing where the file system has no POSIX permissions.
	 * @param file the SQLite file
	 * @throws UnsafeCacheLocationException if the folder is not private to the current user
	 */
	public static void requirePrivateFolder(Path file) {
		Path folder = file.toAbsolutePath().getParent();
		if (folder == null || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return;
		}
		try {
			if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
				Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			}
			PosixFileAttributes attributes = Files.getFileAttributeView(folder, PosixFileAttributeView.class)
				.readAttributes();
			UserPrincipal me = folder.getFileSystem()
				.getUserPrincipalLookupService()
				.lookupPrincipalByName(System.getProperty("user.name"));
			if (!attributes.owner().equals(me)) {
				throw new UnsafeCacheLocationException(folder,
						"belongs to " + attributes.owner().getName() + ", not to " + me.getName());
			}
			Set<PosixFilePermission> permissions = attributes.permissions();
			if (permissions.contains(PosixFilePermission.GROUP_WRITE)
					|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
				throw new UnsafeCacheLocationException(folder,
						"is writable by others (" + PosixFilePermissions.toString(permissions) + ")");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare SQLite cache folder " + folder, ex);
		}
	}

}
