package dev.parley.gateway.internal;

import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.parley.infra.NonBlockingThreads;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.upgrade.UpgradeProcessorInternal;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

/**
 * Tomcat's NIO HTTP/1.1 protocol without two of the thread hand-offs a WebSocket frame
 * costs.
 * <ul>
 * <li>Sends' completions. Tomcat hands the completion of every asynchronous send to a
 * worker of its pool, even when the write finished inside the send call, so that
 * completion handlers never nest (JSR 356). Parley's outbox does not nest: a completion
 * that arrives while its own send is still running only marks the send done, and the
 * outbox sends the next frame after the call returns. So a completion handed to the pool
 * while the current thread is inside such a send ({@link InlineSends}) runs there and
 * then.</li>
 * <li>Reads ({@link #setInlineReads}). Tomcat's poller hands every socket that has data
 * to a worker, and the worker hands the socket back to the poller (waking it) when it has
 * read what there was. With inline reads, the poller reads the frames of an upgraded
 * (WebSocket) connection itself, marked as a thread that must not wait
 * ({@link NonBlockingThreads}): the gateway's handlers hand a frame that would wait to a
 * pool of their own, with the socket's reading suspended until it is done. A connection
 * with a write pending (its client not reading) still goes to a worker, so that the
 * container's own blocking writes (the answer to a ping, the close handshake) do not wait
 * on the poller for a full socket.</li>
 * </ul>
 * Everything else goes to the pool as before, and the pool is Tomcat's own, built as
 * Tomcat builds it and sized and stopped by Tomcat.
 */
public class InlineNioProtocol extends Http11NioProtocol {

	/** Tomcat's completion task; a send's result is all it carries. */
	static final String COMPLETION = "org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer$OnResultRunnable";

	/**
	 * That task's class, or null when this Tomcat has none by that name (nothing runs
	 * inline).
	 */
	private static final Class<?> COMPLETION_TYPE = completionType();

	/**
	 * The tasks of {@link #afterRead}, filled only during an inline read and emptied at
	 * its end: no session state, and one list per poller for all its reads.
	 */
	private static final ThreadLocal<List<Runnable>> AFTER_READ = ThreadLocal.withInitial(ArrayList::new);

	public InlineNioProtocol() {
		super(new Endpoint());
	}

	/**
	 * Whether the poller reads WebSocket frames itself (a connector property: false, as
	 * in Tomcat, unless set).
	 */
	public void setInlineReads(boolean inlineReads) {
		((Endpoint) getEndpoint()).inlineReads = inlineReads;
	}

	public boolean getInlineReads() {
		return ((Endpoint) getEndpoint()).inlineReads;
	}

	/**
	 * Runs a task once the poller's current read is over, or now outside one. A frame
	 * handed off from the poller suspends its socket's reading; Tomcat marks the socket
	 * suspended only when the read returns, and a resume before that would leave the
	 * frames already read in its buffer until more data came. So the hand-off is started
	 * from here.
	 */
	public static void afterRead(Runnable task) {
		if (!NonBlockingThreads.active()) {
			task.run();
			return;
		}
		AFTER_READ.get().add(task);
	}

	/** How many times the poller read a WebSocket connection itself. */
	long inlineReadCount() {
		return ((Endpoint) getEndpoint()).inlineReadCount.sum();
	}

	private static Class<?> completionType() {
		try {
			return Class.forName(COMPLETION, false, InlineNioProtocol.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

	private static final class Endpoint extends NioEndpoint {

		private static final String POLLER = "-Poller";

		private volatile boolean inlineReads;

		private final LongAdder inlineReadCount = new LongAdder();

		@Override
		public boolean processSocket(SocketWrapperBase<NioChannel> wrapper, SocketEvent event, boolean dispatch) {
			if (dispatch && this.inlineReads && event == SocketEvent.OPEN_READ && readsInline(wrapper)) {
				this.inlineReadCount.increment();
				NonBlockingThreads.enter();
				try {
					return super.processSocket(wrapper, event, false);
				}
				finally {
					NonBlockingThreads.exit();
					runAfterRead();
				}
			}
			return super.processSocket(wrapper, event, dispatch);
		}

		private static void runAfterRead() {
			List<Runnable> after = AFTER_READ.get();
			if (after.isEmpty()) {
				return;
			}
			List<Runnable> tasks = List.copyOf(after);
			after.clear();
			tasks.forEach(Runnable::run);
		}

		/**
		 * An upgraded connection without a pending write, on the poller thread (the only
		 * one that hands reads to the pool, apart from a suspended WebSocket resuming).
		 */
		private static boolean readsInline(SocketWrapperBase<NioChannel> wrapper) {
			return wrapper instanceof NioSocketWrapper socket
					&& socket.getCurrentProcessor() instanceof UpgradeProcessorInternal
					&& !socket.interestOpsHas(SelectionKey.OP_WRITE)
					&& Thread.currentThread().getName().endsWith(POLLER);
		}

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
