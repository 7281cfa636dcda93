package dev.parley.messaging;

import java.util.List;
import java.util.Map;

import dev.parley.TestApi;
import dev.parley.TestUsers;
import dev.parley.TestUsers.TestUser;

/**
 * A new group of two, made over the REST API: ann created it with bob in it.
 *
 * @param ann the creator
 * @param bob the other member
 * @param id the conversation
 * @param first the number the group's next event gets
 */
record GroupOfTwo(TestUser ann, TestUser bob, long id, long first) {

	static GroupOfTwo create(int port, EventStore store, String title) {
		TestUser ann = TestUsers.signUp(port);
		TestUser bob = TestUsers.signUp(port);
		long id = TestApi.as(port, ann.token())
			.post("/api/v1/groups", Map.of("title", title, "memberIds", List.of(bob.userId())))
			.body()
			.path("conversationId")
			.asLong();
		return new GroupOfTwo(ann, bob, id, store.lastSeq(id) + 1);
	}

}
