package dev.parley.bench.relay;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The relay on plain Netty ({@link RelayStack#NETTY}): its own pipeline, frames written
 * straight to the channel. Threading: its own event-loop group of {@code threads}
 * threads; {@link #close()} stops it.
 */
final class NettyRelay implements RelayServer {

	private final EventLoopGroup group;

	private final Channel server;

	private NettyRelay(EventLoopGroup group, Channel server) {
		this.group = group;
		this.server = server;
	}

	/** Starts a relay on {@code host:port} ({@code 0}: any free port). */
	static NettyRelay start(String host, int port, int threads) throws InterruptedException {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
		RelayState state = new RelayState();
		WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
			.websocketPath("/")
			.checkStartsWith(true)
			.maxFramePayloadLength(65536)
			.withUTF8Validator(false)
			.build();
		Channel server = new ServerBootstrap().group(group)
			.channel(NioServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 8192)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					ch.pipeline()
						.addLast(new FlushConsolidationHandler(256, true), new HttpServerCodec(),
								new HttpObjectAggregator(65536), new RelayHttpHandler(state),
								new WebSocketServerProtocolHandler(config), new WebSocketFrameAggregator(65536),
								new RelayHandler(state));
				}
			})
			.bind(host, port)
			.sync()
			.channel();
		return new NettyRelay(group, server);
	}

	@Override
	public int port() {
		return ((InetSocketAddress) this.server.localAddress()).getPort();
	}

	@Override
	public void awaitClose() throws InterruptedException {
		this.server.closeFuture().sync();
	}

	@Override
	public void close() {
		this.server.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
