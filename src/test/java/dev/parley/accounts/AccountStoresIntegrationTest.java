package dev.parley.accounts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.parley.ParleyIntegrationTest;
import dev.parley.TestUsers;
import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The accounts repositories against the real database: H2 here, PostgreSQL in the
 * subclass.
 */
@ParleyIntegrationTest
class AccountStoresIntegrationTest {

	@Autowired
	UserStore users;

	@Autowired
	DeviceStore devices;

	@Autowired
	CodeStore codes;

	@Autowired
	RateLimits limits;

	@Test
	void storesUsersOncePerNumber() {
		String phone = TestUsers.randomPhone();
		UserView created = this.users.findOrCreate(phone);
		assertThat(this.users.findOrCreate(phone)).isEqualTo(created);
		assertThat(created.displayName()).isNull();
		assertThat(this.users.find(created.userId())).contains(created);
		assertThat(this.users.findByPhone(phone)).contains(created);
		assertThat(this.users.rename(created.userId(), "Ann")).isTrue();
		assertThat(this.users.find(created.userId()).orElseThrow().displayName()).isEqualTo("Ann");
		assertThat(this.users.rename(-1, "Nobody")).isFalse();
		UserView other = this.users.findOrCreate(TestUsers.randomPhone());
		assertThat(this.users.findAllByPhone(List.of(phone, other.phone(), TestUsers.randomPhone())))
			.extracting(UserView::userId)
			.containsExactlyInAnyOrder(created.userId(), other.userId());
		assertThat(this.users.findAll(List.of(created.userId(), other.userId(), -5L))).hasSize(2);
		assertThat(this.users.findAll(List.of())).isEmpty();
	}

	@Test
	void givesUsersRandomIdsThatNobodyCanCountOrGuess() {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ids.add(this.users.findOrCreate(TestUsers.randomPhone()).userId());
		}
		// exact as JavaScript numbers, far above any count of users, and not in a row
		assertThat(ids).allSatisfy((id) -> assertThat(id).isBetween(1L << 31, (1L << 53) - 1)).doesNotHaveDuplicates();
		List<Long> sorted = ids.stream().sorted().toList();
		for (int i = 1; i < sorted.size(); i++) {
			assertThat(sorted.get(i) - sorted.get(i - 1)).isGreaterThan(1);
		}
	}

	@Test
	void storesDevicesByTokenHashAndRevokesThem() {
		UserView user = this.users.findOrCreate(TestUsers.randomPhone());
		String hash1 = TokenHasher.hash(TokenHasher.newToken());
		String hash2 = TokenHasher.hash(TokenHasher.newToken());
		long first = this.devices.create(user.userId(), hash1, "laptop");
		long second = this.devices.create(user.userId(), hash2, "phone");
		assertThat(this.devices.findActive(hash1)).contains(new Principal(user.userId(), first));
		assertThat(this.devices.list(user.userId(), second)).extracting(DeviceView::name, DeviceView::current)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("laptop", false),
					org.assertj.core.groups.Tuple.tuple("phone", true));
		this.devices.touch(first);
		assertThat(this.devices.revoke(user.userId() + 1, first)).as("someone else's").isFalse();
		assertThat(this.devices.revoke(user.userId(), first)).isTrue();
		assertThat(this.devices.revoke(user.userId(), first)).as("already revoked").isFalse();
		assertThat(this.devices.findActive(hash1)).isEmpty();
		assertThat(this.devices.findActive(hash2)).isPresent();
		assertThat(this.devices.list(user.userId(), second)).extracting(DeviceView::deviceId).containsExactly(second);
	}

	@Test
	void keepsOnePendingCodePerNumberWithLimitedAttempts() {
		String phone = TestUsers.randomPhone();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		this.codes.replace(phone, "old", now.plusMinutes(10), now);
		this.codes.replace(phone, "new", now.plusMinutes(10), now);
		assertThat(this.codes.find(phone).orElseThrow().codeHash()).isEqualTo("new");
		assertThat(this.codes.takeAttempt(phone, 2)).isTrue();
		assertThat(this.codes.takeAttempt(phone, 2)).isTrue();
		assertThat(this.codes.takeAttempt(phone, 2)).isFalse();
		assertThat(this.codes.find(phone).orElseThrow().failedAttempts()).isEqualTo(2);
		assertThat(this.codes.consume(phone, "old")).isFalse();
		assertThat(this.codes.consume(phone, "new")).isTrue();
		assertThat(this.codes.consume(phone, "new")).isFalse();
		assertThat(this.codes.find(phone)).isEmpty();
	}

	@Test
	void countsRateLimitHitsPerBucket() {
		String bucket = "test:" + UUID.randomUUID();
		this.limits.hit(bucket, 2, "tries");
		this.limits.hit(bucket, 2, "tries");
		assertThatThrownBy(() -> this.limits.hit(bucket, 2, "tries")).isInstanceOfSatisfying(ParleyException.class,
				(ex) -> assertThat(ex.retryAfter()).hasValueSatisfying((after) -> assertThat(after).isPositive()));
		this.limits.hit("test:" + UUID.randomUUID(), 2, "tries");
	}

	@Test
	void refusesNoneOfTheFirstConcurrentHitsOnANewBucket() throws Exception {
		for (int round = 0; round < 40; round++) {
			String bucket = "test:" + UUID.randomUUID();
			together(16, () -> {
				this.limits.hit(bucket, 1000, "tries");
				this.limits.hit(bucket, 1000, "tries");
				return null;
			});
		}
	}

	@Test
	void countsConcurrentHitsOnANewBucketExactly() throws Exception {
		int threads = 8;
		int perThread = 25;
		int limit = 100;
		for (int round = 0; round < 5; round++) {
			String bucket = "test:" + UUID.randomUUID();
			List<int[]> counts = together(threads, () -> {
				int[] allowedRefused = new int[2];
				for (int i = 0; i < perThread; i++) {
					try {
						this.limits.hit(bucket, limit, "tries");
						allowedRefused[0]++;
					}
					catch (ParleyException ex) {
						assertThat(ex.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
						allowedRefused[1]++;
					}
				}
				return allowedRefused;
			});
			assertThat(counts.stream().mapToInt((c) -> c[0]).sum()).as("allowed in round %d", round).isEqualTo(limit);
			assertThat(counts.stream().mapToInt((c) -> c[1]).sum()).as("refused in round %d", round)
				.isEqualTo(threads * perThread - limit);
		}
	}

	/** Runs the task on that many threads released at once; their results. */
	private static <T> List<T> together(int threads, Callable<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier start = new CyclicBarrier(threads);
			List<Future<T>> running = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				running.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> result : running) {
				results.add(result.get(1, TimeUnit.MINUTES));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
