package dev.parley.contacts;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contacts repository against the real database: H2 here, PostgreSQL in the subclass.
 */
@ParleyIntegrationTest
class ContactStoreIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	ContactStore store;

	@Test
	void storesContactsAndLabels() {
		long owner = TestUsers.signUp(this.port).userId();
		String zed = TestUsers.randomPhone();
		String amy = TestUsers.randomPhone();
		assertThat(this.store.put(owner, zed, null)).isTrue();
		assertThat(this.store.put(owner, amy, "Amy")).isTrue();
		assertThat(this.store.put(owner, zed, "Zed")).isFalse();
		assertThat(this.store.put(owner, amy, null)).as("no label keeps the old one").isFalse();
		assertThat(this.store.list(owner)).containsExactlyInAnyOrder(new ContactStore.Row(zed, "Zed"),
				new ContactStore.Row(amy, "Amy"));
		assertThat(this.store.count(owner)).isEqualTo(2);
		assertThat(this.store.find(owner, zed)).contains(new ContactStore.Row(zed, "Zed"));
		assertThat(this.store.find(owner, TestUsers.randomPhone())).isEmpty();
		assertThat(this.store.remove(owner, zed)).isTrue();
		assertThat(this.store.remove(owner, zed)).isFalse();
		assertThat(this.store.list(owner)).extracting(ContactStore.Row::phone).containsExactly(amy);
	}

	@Test
	void storesBlocksOncePerPair() {
		TestUser ann = TestUsers.signUp(this.port);
		TestUser bob = TestUsers.signUp(this.port);
		TestUser cat = TestUsers.signUp(this.port);
		assertThat(this.store.block(ann.userId(), bob.userId())).isTrue();
		assertThat(this.store.block(ann.userId(), bob.userId())).isFalse();
		assertThat(this.store.block(ann.userId(), cat.userId())).isTrue();
		assertThat(this.store.blockedBy(ann.userId())).containsExactlyInAnyOrder(bob.userId(), cat.userId());
		assertThat(this.store.blockedBy(bob.userId())).isEmpty();
		assertThat(this.store.unblock(ann.userId(), bob.userId())).isTrue();
		assertThat(this.store.unblock(ann.userId(), bob.userId())).isFalse();
		assertThat(this.store.blockedBy(ann.userId())).containsExactly(cat.userId());
	}

}
