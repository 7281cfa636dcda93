package dev.parley.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WellFormedTextTest {

	@Test
	void replacesEveryUnpairedSurrogateAndKeepsPairs() {
		assertThat(WellFormedText.of("a\ud800b")).isEqualTo("a\ufffdb");
		assertThat(WellFormedText.of("\udc00a")).isEqualTo("\ufffda");
		assertThat(WellFormedText.of("a\ud800")).isEqualTo("a\ufffd");
		assertThat(WellFormedText.of("\udc00\ud800")).isEqualTo("\ufffd\ufffd");
		assertThat(WellFormedText.of("\ud83d\ude00 \ud83d")).isEqualTo("\ud83d\ude00 \ufffd");
		assertThat(WellFormedText.isWellFormed("a\ud800b")).isFalse();
	}

	@Test
	void returnsWellFormedTextAsItIs() {
		String text = "h\u00e9llo \ud83d\ude00 \u0000";
		assertThat(WellFormedText.of(text)).isSameAs(text);
		assertThat(WellFormedText.isWellFormed(text)).isTrue();
		assertThat(WellFormedText.of(null)).isNull();
	}

}
