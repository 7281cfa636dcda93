package dev.parley.infra;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.parley.ParleyPostgresTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@ParleyPostgresTest
class DatabaseMigrationsPostgresIntegrationTest extends DatabaseMigrationsIntegrationTest {

	@Autowired
	DataSource dataSource;

	@Test
	void runsOnPostgres() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
		}
	}

	/**
	 * Failures are logged with their exception messages, so a refused row's values (a
	 * message body) must not be in them: by default the driver puts them there twice, as
	 * the batch statement with its parameters and as the server's detail.
	 */
	@Test
	void refusedRowsAreReportedWithoutTheirValues() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TEMPORARY TABLE refused (id INT CHECK (id > 0), body TEXT)");
			}
			BatchUpdateException refused;
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO refused VALUES (?, ?)")) {
				insert.setInt(1, -1);
				insert.setString(2, "a private message body");
				insert.addBatch();
				refused = catchThrowableOfType(BatchUpdateException.class, insert::executeBatch);
			}
			List<String> messages = new ArrayList<>();
			for (SQLException ex = refused; ex != null; ex = ex.getNextException()) {
				messages.add(ex.toString());
			}
			assertThat(messages).isNotEmpty()
				.anySatisfy((message) -> assertThat(message).contains("refused_id_check"))
				.noneSatisfy((message) -> assertThat(message).contains("private message body"));
		}
	}

}
