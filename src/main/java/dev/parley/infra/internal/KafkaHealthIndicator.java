package dev.parley.infra.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports Kafka UP when the cluster answers {@code describeCluster} within the health
 * timeout ({@code parley.kafka.health-timeout}), with the cluster id and broker count,
 * and DOWN when it does not, so that readiness answers within that time. One admin client
 * is kept for the node's life and closed with the context.
 */
final class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final Admin admin;

	private final Duration timeout;

	/**
	 * @param clientConfig the admin client's settings as Spring Boot builds them
	 * ({@code spring.kafka.*}: the bootstrap servers, security protocol, SASL and TLS)
	 */
	KafkaHealthIndicator(Map<String, Object> clientConfig, Duration timeout) {
		super("Kafka health check failed");
		this.timeout = timeout;
		Map<String, Object> config = new HashMap<>(clientConfig);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		this.admin = Admin.create(config);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		DescribeClusterResult cluster = this.admin
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()));
		String clusterId = cluster.clusterId().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		int brokers = cluster.nodes().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).size();
		builder.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers);
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(1));
	}

}
