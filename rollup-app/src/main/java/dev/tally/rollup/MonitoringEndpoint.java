package dev.tally.rollup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tally.domain.rollup.RootCause;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health} and {@code GET /metrics} on the JDK's own HTTP server: two small read-only
 * endpoints that answer from memory need no web framework. One thread serves them; neither waits on
 * the database (the {@link StatusMonitor} reads it in the background).
 */
public final class MonitoringEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringEndpoint.class);

    static final String JSON = "application/json";
    /** The Prometheus text exposition format, version 0.0.4, which Micrometer's scrape() writes. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Response NOT_FOUND =
            new Response(404, JSON, "{\"error\":\"not found: use GET /health or GET /metrics\"}");

    private final HttpServer server;
    private final ExecutorService executor;

    private MonitoringEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on {@code host:port}. Throws {@link IllegalStateException} naming the flags when it
     * cannot (a port in use, a host that is not this machine's).
     */
    public static MonitoringEndpoint start(String host, int port, Supplier<HealthCheck.HealthReport> health,
                                           Supplier<String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            IllegalStateException failure = new IllegalStateException("cannot serve health and metrics on " + host
                    + ":" + port + " (--http-host, --http-port; 0 turns the endpoint off): " + RootCause.message(e));
            failure.addSuppressed(e);
            throw failure;
        }
        server.createContext("/health", exchange -> serve(exchange, "/health", () -> {
            HealthCheck.HealthReport report = health.get();
            return new Response(report.up() ? 200 : 503, JSON, report.json());
        }));
        server.createContext("/metrics", exchange -> serve(exchange, "/metrics",
                () -> new Response(200, PROMETHEUS_TEXT, metrics.get())));
        server.createContext("/", exchange -> serve(exchange, "", () -> NOT_FOUND));
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rollup-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("health and metrics on http://{}:{}/health and /metrics", host, server.getAddress().getPort());
        return new MonitoringEndpoint(server, executor);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Contexts match by prefix: only the exact path is served, and only to GET and HEAD. */
    private static void serve(HttpExchange exchange, String path, Supplier<Response> response) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(path)) {
                send(exchange, NOT_FOUND, method);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, new Response(405, JSON, "{\"error\":\"method not allowed: use GET or HEAD\"}"), method);
            } else {
                send(exchange, response.get(), method);
            }
        }
    }

    private static void send(HttpExchange exchange, Response response, String method) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private record Response(int status, String contentType, String body) {
    }
}
