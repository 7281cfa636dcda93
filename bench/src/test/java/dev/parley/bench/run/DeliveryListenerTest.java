package dev.parley.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.parley.bench.client.Account;
import dev.parley.bench.client.Session;
import dev.parley.bench.wire.Frame;
import dev.parley.bench.wire.FrameParser;
import io.netty.buffer.Unpooled;

class DeliveryListenerTest {

	private final Session session = new Session(0, new Account(1, "user-1"));

	@Test
	void countsErrorsWithoutAnIdAsRefusedReceiptsAndOnlyOthersReceiptEvents() {
		DeliveryListener listener = new DeliveryListener();
		Tracker tracker = new Tracker(10, 0, Audience.direct());
		listener.start(tracker, new Latencies(0), new Schedule(0, 1000, 10));
		for (int n = 0; n < 10; n++) {
			tracker.sent(n, 0, 1);
		}

		listener.onFrame(this.session, frame("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"m\"}"), 1);
		listener.onFrame(this.session,
				frame("{\"type\":\"error\",\"code\":\"unavailable\",\"message\":\"m\",\"id\":\"b3\"}"), 2);
		listener.onFrame(this.session,
				frame("{\"type\":\"receipt\",\"conversationId\":7,\"userId\":2,\"kind\":\"read\",\"seq\":4}"), 3);
		// the session's own user's receipt, as Parley sends it for the user's other
		// devices
		listener.onFrame(this.session,
				frame("{\"type\":\"receipt\",\"conversationId\":7,\"userId\":1,\"kind\":\"read\",\"seq\":5}"), 4);

		assertThat(tracker.counts().rejected()).isEqualTo(1);
		assertThat(listener.receiptErrors()).isEqualTo(1);
		assertThat(listener.receiptEvents()).isEqualTo(1);
		assertThat(listener.errors()).isEqualTo(2);
		assertThat(listener.firstError()).isEqualTo("rate_limited (no id: a receipt)");
	}

	@Test
	void refusedReceiptsFailTheVerdict() {
		Tracker tracker = new Tracker(1, 0, Audience.direct());
		tracker.sent(0, 0, 1);
		tracker.acked(0);
		tracker.delivered(0, new Session(1, new Account(2, "user-2")), 1);

		assertThat(Figures.verdict(tracker.counts(), true, 0, null)).isEqualTo("ok");
		assertThat(Figures.verdict(tracker.counts(), true, 2, "rate_limited (no id: a receipt)"))
			.contains("receipt errors=2")
			.contains("first error: rate_limited (no id: a receipt)");
	}

	private static Frame frame(String json) {
		return new FrameParser().parse(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
	}

}
