package dev.parley.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;

class FrameParserTest {

	private final FrameParser parser = new FrameParser();

	@Test
	void readsAV1MessageIgnoringFieldsItDoesNotNeed() {
		Frame frame = parse("{\"type\":\"message\",\"conversationId\":12,\"seq\":41,\"id\":\"b7\",\"senderId\":3,"
				+ "\"body\":\"t=99;n=7\",\"time\":\"2026-11-23T01:02:03Z\",\"extra\":[1,{\"a\":true}],\"n\":null}");

		assertThat(frame.kind()).isEqualTo("message");
		assertThat(frame.conversationId()).isEqualTo(12);
		assertThat(frame.seq()).isEqualTo(41);
		assertThat(frame.senderId()).isEqualTo(3);
		assertThat(Payload.parse(frame.body())).isEqualTo(new Payload(99, 7));
	}

	@Test
	void readsAReceiptEvent() {
		Frame frame = parse(
				"{\"type\":\"receipt\",\"conversationId\":12,\"userId\":5,\"kind\":\"read\",\"seq\":41}");

		assertThat(frame.kind()).isEqualTo("receipt");
		assertThat(frame.conversationId()).isEqualTo(12);
		assertThat(frame.userId()).isEqualTo(5);
		assertThat(frame.seq()).isEqualTo(41);
	}

	@Test
	void readsTheSeedsNestedSendFrameWithAStringRecipient() {
		Frame frame = parse("{\"topic\":\"SEND_MESSAGE\",\"message\":{\"accessToken\":\"tok\",\"sendTo\":\"42\",\"msg\":\"hi \\\"x\\\"\"}}");

		assertThat(frame.kind()).isEqualTo("message");
		assertThat(frame.token()).isEqualTo("tok");
		assertThat(frame.to()).isEqualTo(42);
		assertThat(frame.body()).isEqualTo("hi \\\"x\\\"");
	}

	@Test
	void collectsGroupMembers() {
		assertThat(parse("{\"title\":\"t\",\"memberIds\":[5, 6],\"members\":[1,2,3]}").members()).containsExactly(1,
				2, 3);
	}

	private Frame parse(String json) {
		return this.parser.parse(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
	}

}
