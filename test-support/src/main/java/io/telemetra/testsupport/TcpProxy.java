package io.telemetra.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A TCP proxy on a free localhost port in front of a real server (PostgreSQL, a Kafka broker), which a test can
 * {@link #cut()} to make the server unreachable for its clients: every open connection is reset and new ones are
 * reset as soon as they are accepted, as when a server crashes or the network between them fails. {@link #restore()}
 * lets connections through again. Plain blocking sockets with two threads per connection: tests open few.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int BUFFER_SIZE = 16 * 1024;

    private final ServerSocket server;
    private final Supplier<InetSocketAddress> upstream;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpProxy(ServerSocket server, Supplier<InetSocketAddress> upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    /**
     * @param upstream where to connect each accepted connection, asked at every connection: the server may pick its
     *                 port only after the proxy's is known (a broker that advertises the proxy's address)
     */
    public static TcpProxy start(String name, Supplier<InetSocketAddress> upstream) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(server, upstream);
            Thread acceptor = new Thread(proxy::acceptLoop, "tcp-proxy-" + name);
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TcpProxy start(String name, int upstreamPort) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        return start(name, () -> address);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Resets every connection through the proxy and every new one until {@link #restore()}. */
    public void cut() {
        cut = true;
        sockets.forEach(this::reset);
    }

    public void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                reset(client);
                continue;
            }
            Thread connector = new Thread(() -> connect(client), "tcp-proxy-connect-" + port());
            connector.setDaemon(true);
            connector.start();
        }
    }

    private void connect(Socket client) {
        Socket target = new Socket();
        try {
            target.connect(upstream.get(), 10_000);
        } catch (IOException | RuntimeException e) {
            reset(client);
            reset(target);
            return;
        }
        sockets.add(client);
        sockets.add(target);
        if (cut) { // cut while connecting
            reset(client);
            reset(target);
            return;
        }
        pump(client, target);
        pump(target, client);
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[BUFFER_SIZE];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // reset, or closed by the other side
            } finally {
                reset(from);
                reset(to);
            }
        }, "tcp-proxy-pump-" + port());
        pump.setDaemon(true);
        pump.start();
    }

    /** Closes with an RST rather than a FIN: the peer sees a failed connection, not an orderly end. */
    private void reset(Socket socket) {
        sockets.remove(socket);
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (SocketException e) {
            // already gone
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(this::reset);
    }
}
