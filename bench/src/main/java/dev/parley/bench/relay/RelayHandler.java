package dev.parley.bench.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;

/**
 * The plain Netty relay's WebSocket handler: hands the handshake's token and each text
 * frame to the session's {@link RelaySession}. Runs on its channel's loop.
 */
final class RelayHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

	private final RelaySession session;

	RelayHandler(RelayState state) {
		this.session = new RelaySession(state);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof HandshakeComplete handshake) {
			QueryStringDecoder uri = new QueryStringDecoder(handshake.requestUri());
			boolean seed = uri.path().startsWith("/messaging");
			String token = RelaySession.token(seed, uri.parameters(),
					handshake.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
			this.session.open(new NettyConnection(ctx.channel(), seed), token);
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame msg) {
		if (msg instanceof TextWebSocketFrame) {
			this.session.frame(msg.content());
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.session.closed();
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

}
