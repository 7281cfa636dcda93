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

	/**
	 * Makes sure the direct conversation of each pair exists before a run measures, as it
	 * would in real use (a server creates it on the first message). Does nothing where
	 * conversations need no creating.
	 * @param pairs indexes into {@code accounts}: {@code pairs[i][0]} and {@code pairs[i][1]}
	 */
	default void prepareDirects(List<Account> accounts, int[][] pairs) throws IOException {
	}

}
