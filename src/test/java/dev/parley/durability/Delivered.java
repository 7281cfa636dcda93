package dev.parley.durability;

import java.util.List;
import java.util.Set;

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

}
