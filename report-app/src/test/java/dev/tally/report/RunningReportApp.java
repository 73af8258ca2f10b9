package dev.tally.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.domain.report.access.CreateAccessToken;
import dev.tally.report.http.ReportServer;
import dev.tally.report.wiring.DaggerReportComponent;
import dev.tally.report.wiring.ReportComponent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** report-app's real wiring and HTTP server on a free port, and an HTTP client that speaks to it. */
final class RunningReportApp implements AutoCloseable {

    /** Integers parse as longs, so responses compare equal to expectations built from longs. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private final ReportComponent component;
    private final ReportServer server;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningReportApp(ReportComponent component) {
        this.component = component;
        this.server = component.server();
        this.port = server.start();
    }

    static RunningReportApp start(DataSource dataSource, Clock clock) {
        return start(new ReportSettings("127.0.0.1", 0, Duration.ofSeconds(30)), dataSource, Standbys.NONE, clock);
    }

    /** Reports read on {@code standbys} when one is at most {@code maxLag} behind {@code primary}. */
    static RunningReportApp startWithStandbys(DataSource primary, Standbys standbys, Duration maxLag) {
        ReportSettings settings = new ReportSettings("127.0.0.1", 0, Duration.ofSeconds(30), List.of(), maxLag);
        return start(settings, primary, standbys, Clock.systemUTC());
    }

    private static RunningReportApp start(ReportSettings settings, DataSource primary, Standbys standbys, Clock clock) {
        return new RunningReportApp(DaggerReportComponent.builder()
                .settings(settings).clock(clock).dataSource(primary).standbys(standbys).build());
    }

    /** A new token for the user with {@code email}, through the same use case as the token command. */
    String tokenFor(String email) {
        CreateAccessToken.Result result = component.createAccessToken().run(email, "test");
        return ((CreateAccessToken.Created) result).token().reveal();
    }

    ReportComponent component() {
        return component;
    }

    Response get(String pathAndQuery, String token) {
        return send(request(pathAndQuery, Optional.of(token)).GET());
    }

    Response getAccepting(String pathAndQuery, String token, String accept) {
        return send(request(pathAndQuery, Optional.of(token)).header("Accept", accept).GET());
    }

    Response getWithoutToken(String pathAndQuery) {
        return send(request(pathAndQuery, Optional.empty()).GET());
    }

    Response getWithAuthorization(String pathAndQuery, String authorization) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Authorization", authorization).GET());
    }

    Response patch(String path, String token, String body) {
        return send(request(path, Optional.of(token)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    Response post(String path, String token) {
        return send(request(path, Optional.of(token)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String pathAndQuery, Optional<String> token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        return builder;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("WWW-Authenticate").orElse(""), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    /** What came back: status, body, the headers most tests look at, and all of them. */
    record Response(int status, String body, String contentType, String wwwAuthenticate, HttpHeaders headers) {

        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }
    }
}
