package dev.perfkit.cache.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

class SqliteCacheLocationTests {

	@TempDir
	Path temp;

	@Test
	void defaultFolderIsPerUserAndTheFileIsPerApplication() {
		assertThat(SqliteCacheLocation.defaultFolder(Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u", "/tmp", "u"))
			.isEqualTo(Path.of("/xdg/perfkit"));
		assertThat(SqliteCacheLocation.defaultFolder(Map.of(), this.temp.toString(), "/tmp", "u"))
			.isEqualTo(this.temp.resolve(".cache/perfkit"));
		assertThat(SqliteCacheLocation.defaultFolder(Map.of(), "?", "/tmp", "u/../x")).isEqualTo(Path.of("/tmp/perfkit-u_.._x"));
		assertThat(SqliteCacheLocation.defaultPath("com.example.catalog").getFileName())
			.hasToString("com.example.catalog.db");
		assertThat(SqliteCacheLocation.defaultPath("../../etc/x").getFileName()).hasToString("_.._.._etc_x.db");
		assertThat(SqliteCacheLocation.defaultPath("app").toString()).doesNotStartWith(System.getProperty("java.io.tmpdir") + "/perfkit-cache");
	}

	@Test
	void aMissingFolderIsCreatedOwnerOnly() throws Exception {
		Path file = this.temp.resolve("a/b/cache.db");
		SqliteCacheLocation.requirePrivateFolder(file);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void aFolderWritableByOthersIsRefused() throws Exception {
		Path folder = Files.createDirectory(this.temp.resolve("open"));
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThatExceptionOfType(UnsafeCacheLocationException.class)
			.isThrownBy(() -> SqliteCacheLocation.requirePrivateFolder(folder.resolve("cache.db")))
			.withMessageContaining("writable by others");
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxr-x"));
		assertThatExceptionOfType(UnsafeCacheLocationException.class)
			.isThrownBy(() -> SqliteCacheLocation.requirePrivateFolder(folder.resolve("cache.db")));
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		SqliteCacheLocation.requirePrivateFolder(folder.resolve("cache.db"));
	}

	@Test
	void aFolderOfAnotherUserIsRefused() throws Exception {
		assumeThat(System.getProperty("user.name")).as("changing a folder's owner needs root").isEqualTo("root");
		Path folder = Files.createDirectory(this.temp.resolve("planted"));
		UserPrincipal nobody = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		Files.setOwner(folder, nobody);
		assertThatExceptionOfType(UnsafeCacheLocationException.class)
			.isThrownBy(() -> SqliteCacheLocation.requirePrivateFolder(folder.resolve("cache.db")))
			.withMessageContaining("belongs to nobody");
	}

}
