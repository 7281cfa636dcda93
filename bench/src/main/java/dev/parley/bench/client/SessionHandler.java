package dev.parley.bench.client;

import java.io.IOException;

import dev.parley.bench.wire.Frame;
import dev.parley.bench.wire.FrameParser;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The last handler of a bench connection: completes the session's {@code ready} (after
 * {@code ready} and, on v1, {@code resume}/{@code synced}), parses every text frame, hands
 * it to the listener and tells its {@link ReceiptDebouncer} of every {@code message}. Runs
 * on the channel's event loop.
 */
final class SessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

	private static final String RESUME = "{\"type\":\"resume\",\"positions\":{}}";

	private final Session session;

	private final Protocol protocol;

	private final SessionListener listener;

	private final FrameParser parser = new FrameParser();

	private final ReceiptDebouncer receipts;

	SessionHandler(Session session, Protocol protocol, SessionListener listener, ReceiptCounts receipts) {
		this.session = session;
		this.protocol = protocol;
		this.listener = listener;
		this.receipts = (protocol.receipts() != ReceiptMode.NONE)
				? new ReceiptDebouncer(session, protocol.receipts(), receipts) : null;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && !this.protocol.resumes()) {
			this.session.ready().complete(this.session);
		}
		else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
			this.session.ready().completeExceptionally(new IOException("WebSocket handshake timed out"));
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame msg) {
		if (!(msg instanceof TextWebSocketFrame)) {
			return;
		}
		long now = System.nanoTime();
		Frame frame = this.parser.parse(msg.content());
		String kind = frame.kind();
		if ("ready".equals(kind)) {
			this.session.write(RESUME);
			this.session.flushIfDirty();
			return;
		}
		if ("synced".equals(kind)) {
			this.session.ready().complete(this.session);
		}
		else if ("error".equals(kind) && !this.session.ready().isDone()) {
			this.session.ready().completeExceptionally(new IOException("refused: " + frame.code()));
		}
		this.listener.onFrame(this.session, frame, now);
		if (this.receipts != null && "message".equals(kind)) {
			this.receipts.onMessage(frame.conversationId(), frame.seq(), frame.senderId());
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.receipts != null) {
			this.receipts.close();
		}
		this.session.ready().completeExceptionally(new IOException("closed before ready"));
		this.session.closed().complete(null);
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.session.ready().completeExceptionally(cause);
		ctx.close();
	}

}
