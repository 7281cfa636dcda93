package dev.parley.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextRulesTest {

	@ParameterizedTest
	@ValueSource(strings = { "a\u0000b", "\ud800", "x\udc00y", "\ud83d", "\ufffe", "\uffff", "\ufdd0", "\ufdef",
			"\ud83f\udfff", "bell\u0007", "esc\u001b[31m", "\u007f", "\u0085", "\u009b" })
	void refusesTextNoDatabaseStoresOrNoClientRenders(String text) {
		assertThatThrownBy(() -> TextRules.requireStorable("body", text)).isInstanceOf(ParleyException.class)
			.satisfies((ex) -> assertThat(((ParleyException) ex).errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED))
			.hasMessageStartingWith("body must not contain ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "hello", "line\nbreak\r\n\ttab", "😀 emoji 👩‍💻", "عربى\u202Ebidi", "zero\u200Bwidth",
			"\ufeffbom", "中文", "" })
	void keepsTextEveryClientCanShow(String text) {
		assertThat(TextRules.requireStorable("body", text)).isSameAs(text);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "evil\u202Egnp.exe", "a\u202Ab", "\u2066isolate\u2069", "zero\u200Bwidth", "non\u200Cjoiner",
					"word\u200Djoiner", "\u2060joiner", "\ufeffAnn", "tab\there", "new\nline", "\u0000", "\ud800" })
	void refusesNamesThatHideOrReorderText(String name) {
		assertThatThrownBy(() -> TextRules.requireName("displayName", name)).isInstanceOf(ParleyException.class)
			.hasMessageStartingWith("displayName must not contain ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Ann", "Zoë 😀", "👩‍💻 Dev", "👩🏽‍💻", "🏳️‍🌈 club", "👨‍👩‍👧", "Ann-Marie O'Neil",
			"عربى" })
	void keepsNamesWithEmojiSequences(String name) {
		assertThat(TextRules.requireName("displayName", name)).isSameAs(name);
	}

	@Test
	void passesNull() {
		assertThat(TextRules.requireStorable("body", null)).isNull();
		assertThat(TextRules.requireName("title", null)).isNull();
	}

}
