package dev.parley.bench.relay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import io.netty.buffer.Unpooled;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The relay on embedded Tomcat ({@link RelayStack#TOMCAT}), set up as Parley's gateway
 * is, with documented settings only: the NIO connector's {@code socket.appReadBufSize}
 * and {@code socket.appWriteBufSize} of 1 KB, WebSocket text and binary message buffers
 * of 512 and 128 bytes (a larger message arrives in parts, {@link TomcatEndpoint}
 * assembles it), {@code maxConnections} 16,000 (Parley's limit on a 20,000-file machine)
 * and a {@code connectionTimeout} of 5 s. Endpoints are registered through the
 * {@code jakarta.websocket} API; Tomcat's {@code WsSci} installs its container as in any
 * embedded Tomcat. Threading: Tomcat's own acceptor, poller and worker pool (200 threads
 * at most); {@link #close()} stops it.
 */
final class TomcatRelay implements RelayServer {

	static final int SOCKET_BUFFER = 1024;

	static final int TEXT_BUFFER = SOCKET_BUFFER / 2;

	static final int BINARY_BUFFER = 128;

	private final Tomcat tomcat;

	private final Connector connector;

	private final Path baseDir;

	private final CountDownLatch closed = new CountDownLatch(1);

	private TomcatRelay(Tomcat tomcat, Connector connector, Path baseDir) {
		this.tomcat = tomcat;
		this.connector = connector;
		this.baseDir = baseDir;
	}

	static TomcatRelay start(String host, int port) {
		RelayState state = new RelayState();
		Tomcat tomcat = new Tomcat();
		Path baseDir;
		try {
			baseDir = Files.createTempDirectory("relay-tomcat");
			tomcat.setBaseDir(baseDir.toString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot create Tomcat's base directory", ex);
		}
		Connector connector = new Connector();
		connector.setPort(port);
		connector.setProperty("address", host);
		connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_BUFFER));
		connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_BUFFER));
		connector.setProperty("maxConnections", "16000");
		connector.setProperty("connectionTimeout", "5000");
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		context.addServletContainerInitializer(new WsSci(), null);
		context.addServletContainerInitializer((classes, servletContext) -> endpoints(servletContext, state), null);
		Tomcat.addServlet(context, "groups", new GroupsServlet(new RelayGroups(state)));
		context.addServletMappingDecoded(RelayGroups.PATH, "groups");
		// a request is filtered (the WebSocket upgrade is Tomcat's WsFilter) only when a
		// servlet is mapped
		Tomcat.addServlet(context, "other", new NotFoundServlet());
		context.addServletMappingDecoded("/", "other");
		try {
			tomcat.start();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not start", ex);
		}
		return new TomcatRelay(tomcat, connector, baseDir);
	}

	/**
	 * Registers {@code /ws} (v1) and {@code /messaging} (seed); runs after {@code WsSci}.
	 */
	private static void endpoints(ServletContext servletContext, RelayState state) throws ServletException {
		ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
		container.setDefaultMaxTextMessageBufferSize(TEXT_BUFFER);
		container.setDefaultMaxBinaryMessageBufferSize(BINARY_BUFFER);
		try {
			container.addEndpoint(endpoint("/ws", state, false));
			container.addEndpoint(endpoint("/messaging", state, true));
		}
		catch (DeploymentException ex) {
			throw new ServletException(ex);
		}
	}

	private static ServerEndpointConfig endpoint(String path, RelayState state, boolean seed) {
		return ServerEndpointConfig.Builder.create(TomcatEndpoint.class, path)
			.configurator(new ServerEndpointConfig.Configurator() {
				@Override
				public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request,
						HandshakeResponse response) {
					var authorization = request.getHeaders().get("Authorization");
					if (authorization != null && !authorization.isEmpty()) {
						config.getUserProperties().put(TomcatEndpoint.AUTHORIZATION, authorization.get(0));
					}
				}

				@Override
				public <T> T getEndpointInstance(Class<T> type) {
					return type.cast(new TomcatEndpoint(state, seed));
				}
			})
			.build();
	}

	@Override
	public int port() {
		return this.connector.getLocalPort();
	}

	@Override
	public void awaitClose() throws InterruptedException {
		this.closed.await();
	}

	@Override
	public void close() {
		try {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not stop", ex);
		}
		finally {
			deleteBaseDir();
			this.closed.countDown();
		}
	}

	/** Tomcat's working directory goes with it. */
	private void deleteBaseDir() {
		try (Stream<Path> paths = Files.walk(this.baseDir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a leftover temporary directory is harmless
		}
	}

	/** Writes {@code answer} as the JSON response. */
	private static void write(HttpServletResponse response, RelayGroups.Answer answer) throws IOException {
		response.setStatus(answer.status());
		response.setContentType("application/json");
		response.getWriter().write(answer.json());
	}

	/** Everything but the WebSocket endpoints and {@code POST /api/v1/groups}: 404. */
	private static final class NotFoundServlet extends HttpServlet {

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
			write(response, RelayGroups.notFound());
		}

	}

	/** {@code POST /api/v1/groups} ({@link RelayGroups}). */
	private static final class GroupsServlet extends HttpServlet {

		private final transient RelayGroups groups;

		GroupsServlet(RelayGroups groups) {
			this.groups = groups;
		}

		@Override
		protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
			byte[] body = request.getInputStream().readAllBytes();
			write(response, this.groups.create(request.getHeader("Authorization"), Unpooled.wrappedBuffer(body)));
		}

	}

}
