package dev.parley.gateway;

import dev.parley.gateway.internal.InlineCompletionNioProtocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class InlineSendCompletionsSwitchTest {

	@Test
	void usesTheInlineProtocolByDefault() {
		assertThat(protocolWith(new MockEnvironment())).isEqualTo(InlineCompletionNioProtocol.class.getName());
	}

	@Test
	void keepsTomcatsProtocolWhenSwitchedOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("parley.gateway.inline-send-completions",
				"false");
		assertThat(protocolWith(environment)).isEqualTo(Http11NioProtocol.class.getName());
	}

	private static String protocolWith(MockEnvironment environment) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		WebSocketConfiguration.tomcatInlineSendCompletions(environment).customize(factory);
		return factory.getProtocol();
	}

}
