package dev.parley.accounts;

import java.net.InetAddress;

import dev.parley.accounts.AccountsProperties.CodeDelivery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListenAddressTest {

	@Test
	void listensOnLoopbackWhenCodesComeBackInResponsesAndNoAddressIsSet() {
		ListenAddress listen = new ListenAddress(CodeDelivery.RESPONSE, null);
		assertThat(listen.address()).isEqualTo(InetAddress.getLoopbackAddress());
		assertThat(listen.exposesCodes()).isFalse();
	}

	@Test
	void listensWhereTheOperatorSaysAndCallsItExposed() throws Exception {
		ListenAddress listen = new ListenAddress(CodeDelivery.RESPONSE, InetAddress.getByName("0.0.0.0"));
		assertThat(listen.address()).isEqualTo(InetAddress.getByName("0.0.0.0"));
		assertThat(listen.exposesCodes()).isTrue();
	}

	@Test
	void leavesTheAddressToSpringBootWithSmsDelivery() {
		ListenAddress listen = new ListenAddress(CodeDelivery.HTTP, null);
		assertThat(listen.address()).isNull();
		assertThat(listen.exposesCodes()).isFalse();
	}

}
