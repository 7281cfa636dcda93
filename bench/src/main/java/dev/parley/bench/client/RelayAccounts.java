package dev.parley.bench.client;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Users of the calibration relay: no sign-up, the token of user {@code n} is
 * {@code user-n}. Groups are created with the relay's {@code POST /api/v1/groups}.
 */
public final class RelayAccounts implements AccountSource {

	private final AtomicLong nextUserId = new AtomicLong(1);

	private final RestCalls rest;

	public RelayAccounts(URI httpBase) {
		this.rest = new RestCalls(httpBase);
	}

	@Override
	public List<Account> create(int count) {
		long first = this.nextUserId.getAndAdd(count);
		List<Account> accounts = new ArrayList<>(count);
		for (long id = first; id < first + count; id++) {
			accounts.add(new Account(id, "user-" + id));
		}
		return accounts;
	}

	@Override
	public long createGroup(Account creator, List<Account> others) throws IOException {
		return ParleyAccounts.createGroup(this.rest, creator, others);
	}

}
