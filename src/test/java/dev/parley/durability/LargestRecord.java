package dev.parley.durability;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;

/**
 * Makes a topic refuse records, the way the durability tests make Kafka fail: its largest
 * record ({@code max.message.bytes}) becomes tiny.
 */
final class LargestRecord {

	static final String REFUSING = "64";

	private LargestRecord() {
	}

	/**
	 * Sets the topic's largest record, or restores the default with null, and waits until
	 * the broker reports the new value.
	 */
	static void set(Admin admin, String topic, String bytes) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes);
		AlterConfigOp op = new AlterConfigOp(entry,
				(bytes != null) ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE);
		Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(resource, List.of(op));
		admin.incrementalAlterConfigs(ops).all().get();
		Awaitility.await().until(() -> {
			String now = admin.describeConfigs(List.of(resource))
				.all()
				.get()
				.get(resource)
				.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
				.value();
			return (bytes != null) ? bytes.equals(now) : !REFUSING.equals(now);
		});
	}

}
