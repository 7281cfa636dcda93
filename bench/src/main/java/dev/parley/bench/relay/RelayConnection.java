package dev.parley.bench.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * One relay WebSocket session: its channel and whether it speaks the seed protocol.
 * {@link #push} may be called from any thread; the flush is consolidated by the
 * channel's {@code FlushConsolidationHandler}.
 */
record RelayConnection(Channel channel, boolean seed) {

	void push(String text) {
		ByteBuf buf = this.channel.alloc().buffer(text.length());
		ByteBufUtil.writeUtf8(buf, text);
		this.channel.writeAndFlush(new TextWebSocketFrame(buf), this.channel.voidPromise());
	}

}
