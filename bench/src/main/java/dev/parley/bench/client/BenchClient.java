package dev.parley.bench.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * The bench's WebSocket client: one Netty event-loop group of a few threads multiplexing
 * every connection. Threading: {@link #connectAll} blocks its caller (never call it on an
 * event loop); everything per connection runs on that connection's event loop. Close the
 * client to close all its connections and stop its threads.
 */
public final class BenchClient implements AutoCloseable {

	private final URI base;

	private final Protocol protocol;

	private final EventLoopGroup group;

	private final ReceiptCounts receipts = new ReceiptCounts();

	/**
	 * @param base the server's base address ({@code ws://127.0.0.1:8080})
	 * @param protocol the WebSocket protocol to speak
	 * @param threads event-loop threads
	 */
	public BenchClient(URI base, Protocol protocol, int threads) {
		this.base = base;
		this.protocol = protocol;
		this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
	}

	public Protocol protocol() {
		return this.protocol;
	}

	public EventLoopGroup group() {
		return this.group;
	}

	/** The receipts this client's sessions sent. */
	public ReceiptCounts receipts() {
		return this.receipts;
	}

	/** Starts connecting {@code session}; the returned future is its {@link Session#ready()}. */
	public CompletableFuture<Session> connect(Session session, SessionListener listener, InetSocketAddress local) {
		URI uri = this.protocol.webSocketUri(this.base, session.account());
		HttpHeaders headers = new DefaultHttpHeaders();
		String authorization = this.protocol.authorization(session.account());
		if (authorization != null) {
			headers.set(HttpHeaderNames.AUTHORIZATION, authorization);
		}
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(uri)
			.customHeaders(headers)
			.maxFramePayloadLength(1 << 20)
			.withUTF8Validator(false)
			.handshakeTimeoutMillis(60_000)
			.build();
		Bootstrap bootstrap = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					// Here, on the event loop before any I/O: the server's first frame may
					// arrive before bootstrap.connect() has even returned to this thread.
					session.attach(ch);
					ch.pipeline()
						.addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
								new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
								new SessionHandler(session, BenchClient.this.protocol, listener,
										BenchClient.this.receipts));
				}
			});
		InetSocketAddress remote = new InetSocketAddress(uri.getHost(), port(uri));
		ChannelFuture connected = (local != null) ? bootstrap.connect(remote, local) : bootstrap.connect(remote);
		connected.addListener(f -> {
			if (!f.isSuccess()) {
				session.ready().completeExceptionally(f.cause());
				session.closed().complete(null);
			}
		});
		return session.ready();
	}

	/**
	 * Connects every session, at most {@code concurrency} handshakes at a time, and waits
	 * until all are ready. Session {@code i} binds to the local address
	 * {@code localAddresses.apply(i)} ({@code null} for any).
	 * @throws IOException if any session fails or is not ready within {@code timeoutSeconds}
	 */
	public void connectAll(List<Session> sessions, SessionListener listener, int concurrency,
			IntFunction<InetSocketAddress> localAddresses, long timeoutSeconds) throws IOException {
		Semaphore permits = new Semaphore(concurrency);
		List<CompletableFuture<Session>> all = new ArrayList<>(sessions.size());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		try {
			for (int i = 0; i < sessions.size(); i++) {
				if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					throw new IOException("timed out connecting after " + i + " sessions");
				}
				CompletableFuture<Session> ready = connect(sessions.get(i), listener, localAddresses.apply(i));
				ready.whenComplete((s, ex) -> permits.release());
				all.add(ready);
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
				.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while connecting", ex);
		}
		catch (Exception ex) {
			long failed = all.stream().filter(CompletableFuture::isCompletedExceptionally).count();
			long pending = all.stream().filter(f -> !f.isDone()).count();
			Throwable cause = (ex instanceof java.util.concurrent.ExecutionException) ? ex.getCause() : ex;
			throw new IOException("connecting " + sessions.size() + " sessions: " + failed + " failed, " + pending
					+ " not ready (first cause: " + cause + ")", cause);
		}
	}

	private static int port(URI uri) {
		if (uri.getPort() > 0) {
			return uri.getPort();
		}
		return "wss".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? 443 : 80;
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
