package dev.parley;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link ParleyIntegrationTest} on the PostgreSQL database named by the environment
 * variable {@code PARLEY_TEST_POSTGRES_URL}. These tests run only when that variable is
 * set (the Maven {@code postgres} profile switches on with it; {@code .ci/run} sets it),
 * and then fail, never skip, when the database is unreachable.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParleyIntegrationTest
@TestPropertySource(properties = "spring.datasource.url=${PARLEY_TEST_POSTGRES_URL}")
@Tag("postgres")
public @interface ParleyPostgresTest {

}
