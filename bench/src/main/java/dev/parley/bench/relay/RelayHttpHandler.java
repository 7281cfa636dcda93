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

import dev.parley.bench.relay.RelayState.Conversation;
import dev.parley.bench.wire.Frame;
import dev.parley.bench.wire.FrameParser;

/**
 * The relay's only REST call, {@code POST /api/v1/groups {"title","memberIds"}} with
 * {@code Authorization: Bearer user-<id>}, answering {@code {"conversationId":…}}.
 * WebSocket upgrades pass on; anything else gets 404.
 */
final class RelayHttpHandler extends ChannelInboundHandlerAdapter {

	private final RelayState state;

	private final FrameParser parser = new FrameParser();

	RelayHttpHandler(RelayState state) {
		this.state = state;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof FullHttpRequest request)
				|| HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
			ctx.fireChannelRead(msg);
			return;
		}
		try {
			if (request.method() == HttpMethod.POST && request.uri().equals("/api/v1/groups")) {
				String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
				long creator = (authorization != null && authorization.startsWith("Bearer user-"))
						? Long.parseLong(authorization.substring("Bearer user-".length())) : -1;
				Frame body = request.content().isReadable() ? this.parser.parse(request.content()) : null;
				if (creator < 0 || body == null || body.members() == null) {
					respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "{\"code\":\"validation_failed\"}");
					return;
				}
				long[] members = java.util.Arrays.copyOf(body.members(), body.members().length + 1);
				members[members.length - 1] = creator;
				Conversation group = this.state.createGroup(members);
				respond(ctx, request, HttpResponseStatus.OK, "{\"conversationId\":" + group.id() + "}");
			}
			else {
				respond(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"code\":\"not_found\"}");
			}
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
