package dev.parley.messaging;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sequencer-lag bound of {@link Admission}; the in-flight bound is tested end to end.
 */
class AdmissionTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Admission admission = new Admission(properties(), this.meters);

	@Test
	void refusesWhileAnySequencerWorkerLagsAndAdmitsOnceItCaughtUp() {
		this.admission.acquire();
		this.admission.sequencerLag(1, 1001);
		assertThatExceptionOfType(ParleyException.class).isThrownBy(this.admission::acquire)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isPresent());
		this.admission.sequencerLag(0, 5);
		assertThatExceptionOfType(ParleyException.class).isThrownBy(this.admission::acquire);
		this.admission.sequencerLag(1, 0);
		this.admission.acquire();
		assertThat(this.meters.counter("parley.admission.refused", "reason", "sequencer_lag").count()).isEqualTo(2.0);
		assertThat(this.meters.get("parley.admission.in.flight").gauge().value()).isEqualTo(2.0);
	}

	private static MessagingProperties properties() {
		return new Binder(new MapConfigurationPropertySource(
				Map.of("parley.messaging.sequencer-threads", "2", "parley.messaging.max-sequencer-lag", "1s")))
			.bindOrCreate("parley.messaging", MessagingProperties.class);
	}

}
