package dev.parley.bench.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.resources.LoopResources;

/**
 * The relay on Reactor Netty ({@link RelayStack#REACTOR}), through its public
 * {@code HttpServer} and WebSocket API: frames are read and handled on the connection's
 * event loop (the relay does no blocking work; Parley's would go to a bounded scheduler),
 * and each session's outgoing frames go through a sink that its outbound subscribes to
 * ({@link ReactorConnection}), so writes never block. NIO transport, as the other relays,
 * so that the comparison is of the stacks, not of epoll against NIO. Threading: its own
 * {@code threads} event loops; {@link #close()} stops it.
 */
final class ReactorRelay implements RelayServer {

	private static final int MAX_FRAME = 65536;

	private final DisposableServer server;

	private final LoopResources loops;

	private ReactorRelay(DisposableServer server, LoopResources loops) {
		this.server = server;
		this.loops = loops;
	}

	static ReactorRelay start(String host, int port, int threads) {
		RelayState state = new RelayState();
		RelayGroups groups = new RelayGroups(state);
		WebsocketServerSpec spec = WebsocketServerSpec.builder().maxFramePayloadLength(MAX_FRAME).build();
		LoopResources loops = LoopResources.create("relay", threads, true);
		DisposableServer server = HttpServer.create()
			.host(host)
			.port(port)
			.runOn(loops, false)
			.handle((request, response) -> handle(request, response, state, groups, spec))
			.bindNow();
		return new ReactorRelay(server, loops);
	}

	private static Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response, RelayState state,
			RelayGroups groups, WebsocketServerSpec spec) {
		if (request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
			QueryStringDecoder uri = new QueryStringDecoder(request.uri());
			boolean seed = uri.path().startsWith("/messaging");
			String token = RelaySession.token(seed, uri.parameters(),
					request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
			return response.sendWebsocket((in, out) -> session(state, seed, token, in, out), spec);
		}
		if (request.method() == HttpMethod.POST && request.uri().equals(RelayGroups.PATH)) {
			String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
			return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
				RelayGroups.Answer answer = groups.create(authorization,
						Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
				return answer(response, answer);
			});
		}
		return answer(response, RelayGroups.notFound());
	}

	private static Mono<Void> answer(HttpServerResponse response, RelayGroups.Answer answer) {
		return response.status(answer.status())
			.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.sendString(Mono.just(answer.json()))
			.then();
	}

	/**
	 * One WebSocket session: reads until the client closes, writes what the sink holds.
	 */
	private static Publisher<Void> session(RelayState state, boolean seed, String token, WebsocketInbound in,
			WebsocketOutbound out) {
		RelaySession relay = new RelaySession(state);
		ReactorConnection connection = new ReactorConnection(seed, out);
		relay.open(connection, token);
		Mono<Void> reading = in.aggregateFrames(MAX_FRAME).receiveFrames().doOnNext(frame -> {
			if (frame instanceof TextWebSocketFrame) {
				relay.frame(frame.content());
			}
		}).then().doFinally(signal -> {
			relay.closed();
			connection.complete();
		});
		Mono<Void> writing = out.sendString(connection.frames()).then();
		return Mono.when(reading, writing);
	}

	@Override
	public int port() {
		return this.server.port();
	}

	@Override
	public void awaitClose() {
		this.server.onDispose().block();
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block();
	}

}
