package dev.tally.rollup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Just enough HTTP to read rollup-app's health and metrics from a test. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration AWAIT = Duration.ofSeconds(90);

    private final int port;

    Http(int port) {
        this.port = port;
    }

    /** A port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response get(String path) {
        return send("GET", path);
    }

    Response send(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            return new Response(-1, e.toString(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs {@code path} until the response satisfies {@code condition}, for up to 90 s; returns the last response. */
    Response await(String path, Predicate<Response> condition) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        Response response = get(path);
        while (!condition.test(response) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = get(path);
        }
        return response;
    }

    record Response(int status, String body, String contentType) {
    }
}
