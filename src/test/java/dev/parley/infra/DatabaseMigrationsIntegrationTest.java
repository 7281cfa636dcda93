package dev.parley.infra;

import java.util.Arrays;

import dev.parley.ParleyIntegrationTest;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** Every migration applies, on H2 here and on PostgreSQL in the subclass. */
@ParleyIntegrationTest
class DatabaseMigrationsIntegrationTest {

	@Autowired
	Flyway flyway;

	@Test
	void appliesEveryMigration() throws Exception {
		int scripts = new PathMatchingResourcePatternResolver()
			.getResources("classpath*:db/migration/**/V*.sql").length;
		MigrationInfo[] applied = this.flyway.info().applied();
		assertThat(scripts).isPositive();
		assertThat(applied).hasSize(scripts);
		assertThat(Arrays.stream(applied).map((info) -> info.getState().isFailed())).containsOnly(false);
		assertThat(this.flyway.info().pending()).isEmpty();
	}

}
