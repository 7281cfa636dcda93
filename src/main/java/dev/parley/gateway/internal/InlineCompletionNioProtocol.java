package dev.parley.gateway.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

/**
 * Tomcat's NIO HTTP/1.1 protocol without one thread hand-off per outgoing WebSocket
 * frame. Tomcat hands the completion of every asynchronous send to a worker of its pool,
 * even when the write finished inside the send call, so that completion handlers never
 * nest (JSR 356). Parley's outbox does not nest: a completion that arrives while its own
 * send is still running only marks the send done, and the outbox sends the next frame
 * after the call returns. So a completion handed to the pool while the current thread is
 * inside such a send ({@link InlineSends}) runs there and then. Everything else goes to
 * the pool as before, and the pool is Tomcat's own, built as Tomcat builds it and sized
 * and stopped by Tomcat.
 */
public class InlineCompletionNioProtocol extends Http11NioProtocol {

	/** Tomcat's completion task; a send's result is all it carries. */
	static final String COMPLETION = "org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer$OnResultRunnable";

	/**
	 * That task's class, or null when this Tomcat has none by that name (nothing runs
	 * inline).
	 */
	private static final Class<?> COMPLETION_TYPE = completionType();

	public InlineCompletionNioProtocol() {
		super(new Endpoint());
	}

	private static Class<?> completionType() {
		try {
			return Class.forName(COMPLETION, false, InlineCompletionNioProtocol.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

	private static final class Endpoint extends NioEndpoint {

		@Override
		public void createExecutor() {
			if (getUseVirtualThreads()) {
				super.createExecutor();
				return;
			}
			TaskQueue queue = new TaskQueue(getMaxQueueSize());
			Pool pool = new Pool(getMinSpareThreads(), getMaxThreads(), getThreadsMaxIdleTime(), queue,
					new TaskThreadFactory(getName() + "-exec-", getDaemon(), getThreadPriority()));
			queue.setParent(pool);
			setExecutor(pool);
			// setExecutor takes a given pool for an external one, which Tomcat would
			// neither resize nor stop
			this.internalExecutor = true;
		}

	}

	static final class Pool extends ThreadPoolExecutor {

		private final LongAdder inline = new LongAdder();

		Pool(int core, int max, long idleMillis, TaskQueue queue, TaskThreadFactory threads) {
			super(core, max, idleMillis, TimeUnit.MILLISECONDS, queue, threads);
		}

		@Override
		public void execute(Runnable task) {
			// every task of the pool passes here: the class first, as one comparison
			if (task.getClass() == COMPLETION_TYPE && InlineSends.active()) {
				this.inline.increment();
				task.run();
				return;
			}
			super.execute(task);
		}

		/** How many completions ran on the sending thread. */
		long inlineCompletions() {
			return this.inline.sum();
		}

	}

}
