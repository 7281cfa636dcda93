package dev.parley.gateway;

import dev.parley.gateway.internal.InlineNioProtocol;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class InlineSendCompletionsSwitchTest {

	@Test
	void usesTheInlineProtocolByDefault() {
		assertThat(protocolWith(new MockEnvironment())).isEqualTo(InlineNioProtocol.class.getName());
	}

	@Test
	void keepsTomcatsProtocolWhenSwitchedOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("parley.gateway.inline-send-completions",
				"false");
		assertThat(protocolWith(environment)).isEqualTo(Http11NioProtocol.class.getName());
	}

	@Test
	void readsOnThePollerByDefault() throws Exception {
		assertThat(inlineReadsWith(new MockEnvironment())).isTrue();
	}

	@Test
	void leavesReadsToTomcatsWorkersWhenSwitchedOff() throws Exception {
		assertThat(inlineReadsWith(new MockEnvironment().withProperty("parley.gateway.inline-reads", "false")))
			.isFalse();
	}

	private static boolean inlineReadsWith(MockEnvironment environment) throws Exception {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		WebSocketConfiguration.tomcatInlineSendCompletions(environment).customize(factory);
		Connector connector = new Connector(factory.getProtocol());
		factory.getConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
		return ((InlineNioProtocol) connector.getProtocolHandler()).getInlineReads();
	}

	private static String protocolWith(MockEnvironment environment) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		WebSocketConfiguration.tomcatInlineSendCompletions(environment).customize(factory);
		return factory.getProtocol();
	}

}
