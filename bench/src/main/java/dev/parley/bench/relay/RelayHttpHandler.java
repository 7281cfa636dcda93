package dev.parley.bench.relay;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The plain Netty relay's REST call ({@link RelayGroups}). WebSocket upgrades pass on;
 * anything else gets 404.
 */
final class RelayHttpHandler extends ChannelInboundHandlerAdapter {

	private final RelayGroups groups;

	RelayHttpHandler(RelayState state) {
		this.groups = new RelayGroups(state);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof FullHttpRequest request)
				|| HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
			ctx.fireChannelRead(msg);
			return;
		}
		try {
			RelayGroups.Answer answer = (request.method() == HttpMethod.POST && request.uri().equals(RelayGroups.PATH))
					? this.groups.create(request.headers().get(HttpHeaderNames.AUTHORIZATION), request.content())
					: RelayGroups.notFound();
			respond(ctx, request, HttpResponseStatus.valueOf(answer.status()), answer.json());
		}
		finally {
			request.release();
		}
	}

	private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
			String json) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
				Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
		response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
		HttpUtil.setContentLength(response, response.content().readableBytes());
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		HttpUtil.setKeepAlive(response, keepAlive);
		var written = ctx.writeAndFlush(response);
		if (!keepAlive) {
			written.addListener(ChannelFutureListener.CLOSE);
		}
	}

}
