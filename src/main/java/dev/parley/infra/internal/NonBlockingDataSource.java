package dev.parley.infra.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.parley.infra.NonBlockingThreads;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The node's data source, refusing connections to {@link NonBlockingThreads marked}
 * threads: a frame read on Tomcat's poller that misses a cache fails here, before it
 * waits for a connection or a query, and is handed to a thread that may wait.
 */
final class NonBlockingDataSource extends DelegatingDataSource {

	NonBlockingDataSource(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		NonBlockingThreads.check();
		return super.getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		NonBlockingThreads.check();
		return super.getConnection(username, password);
	}

	/**
	 * Wraps every data source bean, after any other wrapping (the embedded database's
	 * commits), so that the check comes first.
	 */
	static final class Wrapper implements BeanPostProcessor, Ordered {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof DataSource target && !(bean instanceof NonBlockingDataSource)) {
				return new NonBlockingDataSource(target);
			}
			return bean;
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
