package dev.parley.durability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.TestClient;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a recipient got after a restart, checked against what its sender saw acknowledged
 * (G1, G2, G3).
 */
final class Delivered {

	private Delivered() {
	}

	/**
	 * Every acknowledged message arrived, none twice, in the order it was sent, with
	 * dense sequence numbers from 1. Message ids are a two-character prefix and the
	 * send's index ({@code k-0}, {@code k-1}, …).
	 */
	static void eachAcknowledgedOnceInOrder(List<JsonNode> received, Set<String> acked) {
		List<String> ids = received.stream().map((m) -> m.path("id").asString()).toList();
		List<Long> seqs = received.stream().map((m) -> m.path("seq").asLong()).toList();
		assertThat(ids).containsAll(acked).doesNotHaveDuplicates();
		assertThat(seqs).first().isEqualTo(1L);
		assertThat(seqs).isSorted().doesNotHaveDuplicates();
		assertThat(seqs.get(seqs.size() - 1)).isEqualTo((long) seqs.size());
		List<Integer> order = ids.stream().map((id) -> Integer.parseInt(id.substring(2))).toList();
		assertThat(order).isSorted();
	}

	/**
	 * Waits until every acknowledged message has reached the recipient. After a
	 * {@code kill -9} the sequencer's last batches may not have reached the H2 file: it
	 * stores them again from the inbound topic once it owns its partitions (which can
	 * take the sequencer session timeout), and they arrive live.
	 */
	static void awaitEveryAcknowledged(TestClient recipient, Set<String> acked) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> recipient.ofType("message")
				.stream()
				.map((m) -> m.path("id").asString())
				.collect(Collectors.toSet())
				.containsAll(acked));
	}

	/**
	 * Every acknowledged message arrived with the sequence number its {@code ack} gave.
	 */
	static void eachWithItsAcknowledgedSeq(List<JsonNode> received, Map<String, Long> ackedSeqs) {
		Map<String, Long> seqs = received.stream()
			.filter((m) -> ackedSeqs.containsKey(m.path("id").asString()))
			.collect(Collectors.toMap((m) -> m.path("id").asString(), (m) -> m.path("seq").asLong()));
		assertThat(seqs).isEqualTo(ackedSeqs);
	}

}
