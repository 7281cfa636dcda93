package dev.parley.bench.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * A connection of the plain Netty relay: frames are written straight to its channel; the
 * flush is consolidated by the channel's {@code FlushConsolidationHandler}.
 */
record NettyConnection(Channel channel, boolean seed) implements RelayConnection {

	@Override
	public void push(String text) {
		ByteBuf buf = this.channel.alloc().buffer(text.length());
		ByteBufUtil.writeUtf8(buf, text);
		this.channel.writeAndFlush(new TextWebSocketFrame(buf), this.channel.voidPromise());
	}

	@Override
	public void close(int code, String reason) {
		this.channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
	}

}
