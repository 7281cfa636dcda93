package dev.parley.gateway.internal;

import java.lang.reflect.Constructor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.SendHandler;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.websocket.WsSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool runs Tomcat's own completion task (built here as Tomcat builds it) on the
 * sending thread, and nothing else. If a Tomcat upgrade renames the task, the first test
 * fails instead of every send quietly going back to a hand-off.
 */
class InlineNioProtocolTest {

	private final InlineNioProtocol.Pool pool = pool();

	@AfterEach
	void stop() throws InterruptedException {
		this.pool.shutdown();
		assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void runsACompletionOnTheThreadThatIsSending() throws Exception {
		CompletableFuture<Thread> ranOn = new CompletableFuture<>();
		InlineSends.begin();
		try {
			this.pool.execute(completion((result) -> ranOn.complete(Thread.currentThread())));
		}
		finally {
			InlineSends.end();
		}
		assertThat(ranOn).isCompletedWithValue(Thread.currentThread());
		assertThat(this.pool.getCompletedTaskCount()).isZero();
	}

	@Test
	void handsACompletionToThePoolOutsideASend() throws Exception {
		CompletableFuture<Thread> ranOn = new CompletableFuture<>();
		this.pool.execute(completion((result) -> ranOn.complete(Thread.currentThread())));
		assertThat(ranOn.get(10, TimeUnit.SECONDS).getName()).startsWith("test-exec-");
	}

	@Test
	void handsAnyOtherTaskToThePoolEvenDuringASend() throws Exception {
		CompletableFuture<Thread> ranOn = new CompletableFuture<>();
		InlineSends.begin();
		try {
			this.pool.execute(() -> ranOn.complete(Thread.currentThread()));
		}
		finally {
			InlineSends.end();
		}
		assertThat(ranOn.get(10, TimeUnit.SECONDS).getName()).startsWith("test-exec-");
	}

	@Test
	void forgetsTheSendOnceItEnds() {
		InlineSends.begin();
		InlineSends.end();
		assertThat(InlineSends.active()).isFalse();
	}

	private static InlineNioProtocol.Pool pool() {
		TaskQueue queue = new TaskQueue(Integer.MAX_VALUE);
		InlineNioProtocol.Pool pool = new InlineNioProtocol.Pool(1, 2, 60_000, queue,
				new TaskThreadFactory("test-exec-", true, Thread.NORM_PRIORITY));
		queue.setParent(pool);
		return pool;
	}

	/** Tomcat's completion task, as {@code WsRemoteEndpointImplServer} creates it. */
	private static Runnable completion(SendHandler handler) throws ReflectiveOperationException {
		Class<?> type = Class.forName(InlineNioProtocol.COMPLETION);
		Constructor<?> constructor = type.getDeclaredConstructor(WsSession.class, SendHandler.class, Throwable.class);
		constructor.setAccessible(true);
		return (Runnable) constructor.newInstance(null, handler, null);
	}

}
