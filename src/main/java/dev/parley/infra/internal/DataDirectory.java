package dev.parley.infra.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a subdirectory of {@code parley.data-dir} (the embedded broker's log, the H2
 * database): the data directory and the subdirectory are created readable by their owner
 * only ({@code rwx------}) on POSIX file systems, an existing one that others may enter
 * is tightened (and logged once), and the subdirectory must be writable. The database and
 * the broker's log hold every message and the hashes of access tokens: no other account
 * on the machine may read them. Stateless; every method is thread-safe.
 */
final class DataDirectory {

	private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

	static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private DataDirectory() {
	}

	/**
	 * Creates or tightens {@code dataDir} and {@code dataDir/sub} and returns the latter.
	 */
	static Path prepare(Path dataDir, String sub) {
		Path dir = dataDir.resolve(sub).toAbsolutePath().normalize();
		try {
			ownerOnly(dataDir.toAbsolutePath().normalize());
			ownerOnly(dir);
			Path probe = Files.createTempFile(dir, ".write-probe", "");
			Files.delete(probe);
		}
		catch (IOException | SecurityException ex) {
			throw new IllegalStateException("The data directory " + dir + " is not writable; set parley.data-dir to a "
					+ "writable directory (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")", ex);
		}
		return dir;
	}

	private static void ownerOnly(Path dir) throws IOException {
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		if (!Files.exists(dir)) {
			if (posix) {
				Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
				// the umask may have taken bits away, never added any; set them exactly
				Files.setPosixFilePermissions(dir, OWNER_ONLY);
			}
			else {
				Files.createDirectories(dir);
			}
			return;
		}
		if (posix) {
			Set<PosixFilePermission> current = Files.getPosixFilePermissions(dir);
			if (!current.equals(OWNER_ONLY)) {
				try {
					Files.setPosixFilePermissions(dir, OWNER_ONLY);
					log.info("Set the permissions of {} from {} to rwx------ (owner only)", dir,
							PosixFilePermissions.toString(current));
				}
				catch (IOException ex) {
					log.warn("{} is {} and could not be made rwx------ (owner only): {}", dir,
							PosixFilePermissions.toString(current), ex.getClass().getSimpleName());
				}
			}
		}
	}

}
