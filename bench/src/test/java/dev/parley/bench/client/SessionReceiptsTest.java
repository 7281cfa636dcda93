package dev.parley.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * The receipts a v1 session writes for the messages it receives, on Netty's embedded
 * channel with its clock frozen and moved by hand: the debounce is checked to the
 * millisecond without waiting.
 */
class SessionReceiptsTest {

	private static final long ME = 1;

	private static final long PEER = 2;

	private final ReceiptCounts counts = new ReceiptCounts();

	private EmbeddedChannel channel;

	@AfterEach
	void close() {
		if (this.channel != null) {
			this.channel.finishAndReleaseAll();
		}
	}

	@Test
	void readModeSendsOneReadReceiptAfterABurstWithItsHighestSeq() {
		open(ReceiptMode.READ);
		message(7, 1, PEER);
		advance(50);
		message(7, 2, PEER);
		advance(50);
		message(7, 3, PEER);
		advance(99);
		assertThat(written()).isEmpty();

		advance(1);
		assertThat(written()).containsExactly("{\"type\":\"read\",\"conversationId\":7,\"seq\":3}");

		// the received timer fires 50 ms later and finds the read receipt covered the
		// delivery
		advance(1000);
		assertThat(written()).isEmpty();
		assertThat(this.counts.snapshot().read()).isEqualTo(1);
		assertThat(this.counts.snapshot().delivered()).isZero();
		assertThat(this.counts.idle()).isTrue();
	}

	@Test
	void deliveredModeSendsReceivedAfterTheLastMessageOnly() {
		open(ReceiptMode.DELIVERED);
		message(7, 1, PEER);
		advance(100);
		message(7, 2, PEER);
		advance(149);
		assertThat(written()).isEmpty();
		assertThat(this.counts.idle()).isFalse();

		advance(1);
		assertThat(written()).containsExactly("{\"type\":\"received\",\"conversationId\":7,\"seq\":2}");
		advance(1000);
		assertThat(written()).isEmpty();
		assertThat(this.counts.idle()).isTrue();
	}

	@Test
	void debouncesEachConversationApart() {
		open(ReceiptMode.DELIVERED);
		message(7, 4, PEER);
		advance(100);
		message(8, 9, 3);
		advance(50);
		assertThat(written()).containsExactly("{\"type\":\"received\",\"conversationId\":7,\"seq\":4}");
		advance(100);
		assertThat(written()).containsExactly("{\"type\":\"received\",\"conversationId\":8,\"seq\":9}");
	}

	@Test
	void ownMessagesCauseNoReceiptAndDoNotDelayOthers() {
		open(ReceiptMode.READ);
		message(7, 1, ME);
		advance(1000);
		assertThat(written()).isEmpty();
		assertThat(this.counts.idle()).isTrue();

		message(7, 2, PEER);
		advance(60);
		message(7, 3, ME);
		advance(40);
		assertThat(written()).containsExactly("{\"type\":\"read\",\"conversationId\":7,\"seq\":2}");
	}

	@Test
	void neverSendsAReceiptThatDoesNotMovePositionForward() {
		open(ReceiptMode.READ);
		message(7, 5, PEER);
		advance(1000);
		assertThat(written()).containsExactly("{\"type\":\"read\",\"conversationId\":7,\"seq\":5}");

		message(7, 5, PEER);
		message(7, 3, PEER);
		advance(1000);
		assertThat(written()).isEmpty();
		assertThat(this.counts.idle()).isTrue();
	}

	@Test
	void noneSendsNoReceipts() {
		open(ReceiptMode.NONE);
		message(7, 1, PEER);
		advance(1000);
		assertThat(written()).isEmpty();
		assertThat(this.counts.snapshot().total()).isZero();
	}

	@Test
	void closingTheConnectionDropsWaitingReceipts() {
		open(ReceiptMode.READ);
		message(7, 1, PEER);
		assertThat(this.counts.idle()).isFalse();

		this.channel.close();
		advance(1000);
		assertThat(written()).isEmpty();
		assertThat(this.counts.idle()).isTrue();
	}

	private void open(ReceiptMode mode) {
		Session session = new Session(0, new Account(ME, "user-" + ME));
		this.channel = new EmbeddedChannel();
		this.channel.freezeTime();
		session.attach(this.channel);
		this.channel.pipeline().addLast(new SessionHandler(session, new V1Protocol(mode), (s, frame, now) -> {
		}, this.counts));
	}

	private void message(long conversationId, long seq, long senderId) {
		this.channel.writeInbound(new TextWebSocketFrame(
				"{\"type\":\"message\",\"conversationId\":" + conversationId + ",\"seq\":" + seq + ",\"id\":\"b" + seq
						+ "\",\"senderId\":" + senderId + ",\"body\":\"t=1;n=1\",\"time\":\"2026-12-07T00:00:00Z\"}"));
	}

	private void advance(long millis) {
		this.channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
	}

	private List<String> written() {
		List<String> frames = new ArrayList<>();
		TextWebSocketFrame frame;
		while ((frame = this.channel.readOutbound()) != null) {
			frames.add(frame.text());
			frame.release();
		}
		return frames;
	}

}
