package dev.parley;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The one integration-test style: the whole application on a random port, on the embedded
 * KRaft broker (on a free port) and an H2 file database, both under a fresh data
 * directory per application context. Contexts are cached, so test classes with this
 * annotation and no other configuration share one running Parley; tests isolate
 * themselves with fresh users ({@code TestUsers}), all from one address, so the
 * per-address limits are lifted (the accounts tests check them in their own context).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "parley.data-dir=target/it-data/${random.uuid}", "parley.kafka.embedded.port=0",
				"parley.accounts.codes-per-address=1000000", "parley.accounts.logins-per-address=1000000" })
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag("integration")
public @interface ParleyIntegrationTest {

}
