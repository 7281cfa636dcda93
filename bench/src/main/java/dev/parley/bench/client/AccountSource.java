package dev.parley.bench.client;

import java.io.IOException;
import java.util.List;

/**
 * Where the bench's users come from: synthetic tokens on the relay, REST sign-up on a real
 * server. Implementations are thread-safe; calls block their caller.
 */
public interface AccountSource {

	/** Signs up {@code count} new users. */
	List<Account> create(int count) throws IOException;

	/** Creates a group of {@code creator} and {@code others}; returns its conversation id. */
	long createGroup(Account creator, List<Account> others) throws IOException;

}
