package dev.parley.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import dev.parley.messaging.InboundCommand.Delete;
import dev.parley.messaging.InboundCommand.Edit;
import dev.parley.messaging.InboundCommand.Send;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A command still waiting for its reply: a resend joins its wait (from any device of the
 * sender), another command under its key is refused with {@code conflict} at once.
 */
class PendingRepliesTest {

	private static final PendingReplies.Key KEY = new PendingReplies.Key(7, 100, "x");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final PendingReplies replies = new PendingReplies(new Admission(properties(), this.meters), this.meters);

	private final AtomicInteger produced = new AtomicInteger();

	@Test
	void joinsAResendAndRefusesAnotherCommandUnderTheKeyWithConflict() {
		CompletableFuture<SequencedEvent> first = await(new Send(100, 7, 1, "x", "hello"));

		assertThat(await(new Send(100, 7, 2, "x", "hello"))).as("a resend from another device").isSameAs(first);
		for (InboundCommand other : new InboundCommand[] { new Send(100, 7, 1, "x", "hello?"),
				new Edit(100, 7, 1, "x", 1, "hello"), new Delete(100, 7, 1, "x", 1) }) {
			assertThatExceptionOfType(ParleyException.class).isThrownBy(() -> await(other))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.CONFLICT));
		}
		assertThat(this.produced).hasValue(1);
		assertThat(first).isNotDone();
		assertThat(this.replies.size()).isEqualTo(1);
	}

	@Test
	void tellsEditsAndDeletionsApartByTargetAndBody() {
		CompletableFuture<SequencedEvent> edit = await(new Edit(100, 7, 1, "x", 3, "new text"));
		assertThat(await(new Edit(100, 7, 1, "x", 3, "new text"))).isSameAs(edit);
		assertThatExceptionOfType(ParleyException.class)
			.isThrownBy(() -> await(new Edit(100, 7, 1, "x", 4, "new text")));
		assertThatExceptionOfType(ParleyException.class).isThrownBy(() -> await(new Edit(100, 7, 1, "x", 3, "other")));
		assertThat(this.produced).hasValue(1);
	}

	private CompletableFuture<SequencedEvent> await(InboundCommand command) {
		return this.replies.await(KEY, command, Duration.ofMinutes(1), () -> {
			this.produced.incrementAndGet();
			return new CompletableFuture<>();
		});
	}

	private static MessagingProperties properties() {
		return new Binder(new MapConfigurationPropertySource(Map.of("parley.messaging.max-in-flight", "10")))
			.bindOrCreate("parley.messaging", MessagingProperties.class);
	}

}
