import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The sequencer's transaction against H2 alone, without Kafka or the server: lock a
 * conversation's sequence row, insert the event, update the sequence, then the partition's
 * offset row, and commit. The tables come from the application's own migrations, all of
 * them in order (so it runs from the repository's root); the URL carries the embedded
 * default's settings ({@code EmbeddedDatabaseConfiguration}). Prints the time per
 * transaction (after a warm-up of half as many) and the file's size, which grows by a chunk
 * per commit (no compaction runs), then deletes it.
 *
 * <pre>
 * java -cp ~/.m2/repository/com/h2database/h2/2.4.240/h2-2.4.240.jar \
 *     bench/h2/H2CommitLoop.java PAGE_SIZE TRANSACTIONS MESSAGES_PER_TRANSACTION
 * </pre>
 *
 * A {@code PAGE_SIZE} of 0 keeps H2's default (4096).
 */
public class H2CommitLoop {

	private static final int CONVERSATIONS = 5000;

	/** The application's migrations; the loop runs from the repository's root. */
	private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

	/** The {@code n} of a migration named {@code V{n}__{module}_{what}.sql}. */
	private static int version(Path migration) {
		String name = migration.getFileName().toString();
		return Integer.parseInt(name.substring(1, name.indexOf("__")));
	}

	public static void main(String[] args) throws Exception {
		int pageSize = Integer.parseInt(args[0]);
		int transactions = Integer.parseInt(args[1]);
		int perTransaction = Integer.parseInt(args[2]);
		if (!Files.isDirectory(MIGRATIONS)) {
			throw new IllegalStateException("run from the repository's root: " + MIGRATIONS + " not found");
		}
		List<Path> migrations;
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			// V{n}__{module}_{what}.sql, in the order of n, as Flyway runs them
			migrations = files.filter((path) -> path.getFileName().toString().matches("V\\d+__.*\\.sql"))
				.sorted(Comparator.comparingInt(H2CommitLoop::version))
				.toList();
		}
		Path dir = Files.createTempDirectory("h2-commit-loop");
		String url = "jdbc:h2:file:" + dir.resolve("db")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;MAX_COMPACT_TIME=0"
				+ ";QUERY_CACHE_SIZE=64;CACHE_SIZE=4096"
				+ ((pageSize > 0) ? ";PAGE_SIZE=" + pageSize : "");
		try (Connection c = DriverManager.getConnection(url, "sa", "")) {
			try (Statement s = c.createStatement()) {
				// the tables as the application creates them, from its own migrations
				for (Path migration : migrations) {
					s.execute("RUNSCRIPT FROM '" + migration + "'");
				}
				s.execute("INSERT INTO sequencer_offsets VALUES (0, 0)");
			}
			try (PreparedStatement p = c.prepareStatement("INSERT INTO sequences VALUES (?, 0, CURRENT_TIMESTAMP)")) {
				for (int i = 1; i <= CONVERSATIONS; i++) {
					p.setLong(1, i);
					p.executeUpdate();
				}
			}
			c.setAutoCommit(false);
			Random random = new Random(1);
			long[] last = new long[CONVERSATIONS + 1];
			PreparedStatement lock = c
				.prepareStatement("SELECT last_seq FROM sequences WHERE conversation_id = ? FOR UPDATE");
			PreparedStatement insert = c.prepareStatement("INSERT INTO events (conversation_id, seq, kind, sender_id, "
					+ "device_id, client_id, body, target_seq, subject_id, change, created_at, edited_at, deleted) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
			PreparedStatement sequence = c
				.prepareStatement("UPDATE sequences SET last_seq = ?, last_event_at = ? WHERE conversation_id = ?");
			PreparedStatement offset = c
				.prepareStatement("UPDATE sequencer_offsets SET next_offset = ? WHERE topic_partition = 0");
			long n = 0;
			long started = 0;
			int warmUp = transactions / 2;
			for (int t = 0; t < transactions + warmUp; t++) {
				if (t == warmUp) {
					started = System.nanoTime();
				}
				for (int k = 0; k < perTransaction; k++) {
					int conversation = 1 + random.nextInt(CONVERSATIONS);
					lock.setLong(1, conversation);
					try (ResultSet rs = lock.executeQuery()) {
						rs.next();
					}
					long seq = ++last[conversation];
					OffsetDateTime now = OffsetDateTime.now();
					n++;
					insert.setLong(1, conversation);
					insert.setLong(2, seq);
					insert.setString(3, "message");
					insert.setLong(4, conversation * 7L);
					insert.setLong(5, 1);
					insert.setString(6, "c-" + n + "-abcdef0123456789");
					insert.setString(7, "hello from the benchmark, message " + n);
					insert.setObject(8, null, Types.BIGINT);
					insert.setObject(9, null, Types.BIGINT);
					insert.setString(10, null);
					insert.setObject(11, now);
					insert.setObject(12, null);
					insert.setBoolean(13, false);
					insert.executeUpdate();
					sequence.setLong(1, seq);
					sequence.setObject(2, now);
					sequence.setLong(3, conversation);
					sequence.executeUpdate();
				}
				offset.setLong(1, n);
				offset.executeUpdate();
				c.commit();
			}
			long elapsed = System.nanoTime() - started;
			System.out.printf("page size %d, %d per transaction: %.1f us per transaction, file %d KB%n", pageSize,
					perTransaction, elapsed / 1000.0 / transactions, Files.size(dir.resolve("db.mv.db")) / 1024);
		}
		finally {
			try (var files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

}
