package dev.parley.infra.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirectoryTest {

	@TempDir
	Path root;

	@Test
	void createsTheDataDirectoryAndItsSubdirectoryForTheOwnerOnly() throws Exception {
		Path data = this.root.resolve("data");
		Path db = DataDirectory.prepare(data, "db");
		assertThat(permissions(data)).isEqualTo("rwx------");
		assertThat(permissions(db)).isEqualTo("rwx------");
	}

	@Test
	void tightensAnExistingDataDirectoryThatOthersMayRead() throws Exception {
		Path data = Files.createDirectory(this.root.resolve("data"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Path kafka = Files.createDirectory(data.resolve("kafka"));
		Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setPosixFilePermissions(kafka, PosixFilePermissions.fromString("rwxrwxrwx"));
		DataDirectory.prepare(data, "kafka");
		assertThat(permissions(data)).isEqualTo("rwx------");
		assertThat(permissions(kafka)).isEqualTo("rwx------");
	}

	private static String permissions(Path dir) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
	}

}
