package dev.tally.rollup;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP forwarder on 127.0.0.1 in front of the test PostgreSQL: a database that a test can take
 * away ({@link #stop}: every connection through it breaks and new ones are refused) and bring back
 * on the same port ({@link #restart}), without touching the server itself.
 */
final class TcpProxy implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?(/.*)");

    private final String targetHost;
    private final int targetPort;
    private final String pathAndParameters;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final int port;
    private ServerSocket server;

    /** A proxy to the server of {@code jdbcUrl}, listening at once. */
    TcpProxy(String jdbcUrl) {
        Matcher url = URL.matcher(jdbcUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + jdbcUrl);
        }
        this.targetHost = url.group(1);
        this.targetPort = url.group(2) == null ? 5432 : Integer.parseInt(url.group(2));
        this.pathAndParameters = url.group(3);
        this.server = listen(0);
        this.port = server.getLocalPort();
    }

    /** The same database as the target URL, reached through this proxy. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + pathAndParameters;
    }

    /** The database goes away: open connections break, new ones are refused. */
    synchronized void stop() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** The database comes back on the same address. */
    synchronized void restart() {
        server = listen(port);
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private ServerSocket listen(int onPort) {
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            daemon("proxy-accept", () -> accept(listening));
            return listening;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                daemon("proxy-up", () -> pump(client, upstream));
                daemon("proxy-down", () -> pump(upstream, client));
            } catch (IOException e) {
                return; // closed by stop()
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away; closing both below ends the other pump too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }
}
