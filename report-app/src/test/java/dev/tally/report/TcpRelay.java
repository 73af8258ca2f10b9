package dev.tally.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a loopback port to a server: stopping it is, to a client, the server stopping
 * (open connections break, new ones are refused), and starting it again on the same port is the
 * server coming back, without the test needing to control the server itself.
 */
final class TcpRelay implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    private TcpRelay(String targetHost, int targetPort, ServerSocket listener) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listener;
        this.port = listener.getLocalPort();
        accept(listener);
    }

    static TcpRelay to(String host, int port) {
        try {
            return new TcpRelay(host, port, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** Closes the listener and every relayed connection. */
    void stop() {
        closeQuietly(listener);
        sockets.forEach(TcpRelay::closeQuietly);
        sockets.clear();
    }

    /** Listens again on the same port. */
    void restart() {
        try {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = again;
            accept(again);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void accept(ServerSocket server) {
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    relay(server.accept());
                } catch (IOException stopped) {
                    // The listener was closed: the loop ends.
                }
            }
        });
    }

    private void relay(Socket client) {
        try {
            Socket target = new Socket(targetHost, targetPort);
            sockets.add(client);
            sockets.add(target);
            daemon(() -> pump(client, target));
            daemon(() -> pump(target, client));
        } catch (IOException refused) {
            closeQuietly(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16_384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException connectionEnded) {
            // Either side closing ends both directions, below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "tcp-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Already closed.
        }
    }
}
