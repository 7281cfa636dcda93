package dev.parley.bench.client;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

/**
 * Users of a real Parley server, signed up through the v1 REST API
 * ({@code POST /api/v1/auth/code}, then {@code /api/v1/auth/login}; the embedded default
 * returns the code in the response) or, with {@code seed}, through the seed's
 * ({@code /api/auth/getcode}, {@code /api/auth/login}). Phone numbers are fresh per run.
 */
public final class ParleyAccounts implements AccountSource {

	private final RestCalls rest;

	private final boolean seed;

	private final int parallelism;

	private final String runPrefix = "+49" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);

	private int nextNumber;

	/**
	 * @param httpBase the server's address ({@code http://127.0.0.1:8080})
	 * @param seed sign up through the seed's API instead of v1
	 * @param parallelism sign-ups in flight at once
	 */
	public ParleyAccounts(URI httpBase, boolean seed, int parallelism) {
		this.rest = new RestCalls(httpBase);
		this.seed = seed;
		this.parallelism = parallelism;
	}

	@Override
	public List<Account> create(int count) throws IOException {
		int first;
		synchronized (this) {
			first = this.nextNumber;
			this.nextNumber += count;
		}
		java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(this.parallelism);
		try {
			return pool.submit(() -> java.util.stream.IntStream.range(first, first + count)
				.parallel()
				.mapToObj(this::signUpUnchecked)
				.toList()).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IOException("sign-up failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		finally {
			pool.shutdown();
		}
	}

	private Account signUpUnchecked(int number) {
		try {
			return signUp(String.format("%s%06d", this.runPrefix, number));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private Account signUp(String phone) throws IOException {
		JsonNode login;
		if (this.seed) {
			JsonNode code = this.rest.post("/api/auth/getcode", Map.of("mobile", phone), null);
			login = this.rest.post("/api/auth/login",
					Map.of("mobile", phone, "activationCode", code.path("activationCode").asString()), null);
		}
		else {
			JsonNode code = this.rest.post("/api/v1/auth/code", Map.of("phone", phone), null);
			login = this.rest.post("/api/v1/auth/login",
					Map.of("phone", phone, "code", code.path("code").asString(), "deviceName", "parley-bench"), null);
		}
		return new Account(login.path("userId").asLong(), login.path("accessToken").asString());
	}

	@Override
	public void prepareDirects(List<Account> accounts, int[][] pairs) throws IOException {
		java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(this.parallelism);
		try {
			pool.submit(() -> java.util.Arrays.stream(pairs).parallel().forEach((pair) -> {
				try {
					this.rest.post("/api/v1/conversations/direct", Map.of("userId", accounts.get(pair[1]).userId()),
							accounts.get(pair[0]).token());
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			})).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IOException("creating direct conversations failed: " + ex.getCause().getMessage(),
					ex.getCause());
		}
		finally {
			pool.shutdown();
		}
	}

	@Override
	public long createGroup(Account creator, List<Account> others) throws IOException {
		return createGroup(this.rest, creator, others);
	}

	static long createGroup(RestCalls rest, Account creator, List<Account> others) throws IOException {
		List<Long> memberIds = others.stream().map(Account::userId).toList();
		JsonNode group = rest.post("/api/v1/groups", Map.of("title", "bench", "memberIds", memberIds),
				creator.token());
		return group.path("conversationId").asLong();
	}

}
