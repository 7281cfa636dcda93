package dev.parley;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP path from a port on loopback to a server (a database), that a test can cut and
 * restore: {@link #cut} breaks every open connection and refuses new ones, as a database
 * that went down would; {@link #restore} listens again on the same port. Only the path is
 * cut, never the server, which other tests may share. Each connection is pumped by two
 * daemon threads.
 */
public final class TcpLink implements AutoCloseable {

	private final InetSocketAddress target;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final int port;

	private volatile ServerSocket server;

	private TcpLink(InetSocketAddress target) {
		this.target = target;
		this.server = listen(0);
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	/** A link to {@code host:port}, listening on a free loopback port. */
	public static TcpLink to(String host, int port) {
		return new TcpLink(new InetSocketAddress(host, port));
	}

	public int port() {
		return this.port;
	}

	/** Breaks every connection through the link and refuses new ones. */
	public synchronized void cut() {
		closeQuietly(this.server);
		this.server = null;
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	/** Accepts connections again, on the same port. */
	public synchronized void restore() {
		if (this.server == null) {
			this.server = listen(this.port);
			accept(this.server);
		}
	}

	@Override
	public void close() {
		cut();
	}

	private static ServerSocket listen(int port) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(ServerSocket listening) {
		daemon("tcp-link-accept", () -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					Socket upstream = new Socket();
					try {
						upstream.connect(this.target);
					}
					catch (IOException ex) {
						closeQuietly(client);
						continue;
					}
					this.open.add(client);
					this.open.add(upstream);
					daemon("tcp-link-up", () -> pump(client, upstream));
					daemon("tcp-link-down", () -> pump(upstream, client));
				}
				catch (IOException ex) {
					// cut
				}
			}
		});
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.open.remove(from);
			this.open.remove(to);
		}
	}

	private static void daemon(String name, Runnable work) {
		Thread thread = new Thread(work, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// already closed
			}
		}
	}

}
