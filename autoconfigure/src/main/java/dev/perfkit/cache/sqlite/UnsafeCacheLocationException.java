package dev.perfkit.cache.sqlite;

import java.nio.file.Path;

/**
 * Thrown when the folder of the SQLite cache file could be read or written by someone other than the user the
 * application runs as: another user could plant entries in it or read them.
 *
 * @since 0.1.0
 */
public class UnsafeCacheLocationException extends RuntimeException {

	private final Path folder;

	/**
	 * Creates the exception.
	 * @param folder the folder
	 * @param reason what is wrong with it
	 */
	public UnsafeCacheLocationException(Path folder, String reason) {
		super("SQLite cache folder " + folder + " " + reason);
		this.folder = folder;
	}

	/**
	 * Returns the folder refused.
	 * @return the folder
	 */
	public Path getFolder() {
		return this.folder;
	}

}
