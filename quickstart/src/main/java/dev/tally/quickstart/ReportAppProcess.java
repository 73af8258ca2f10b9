package dev.tally.quickstart;

import dev.tally.app.DatabaseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * report-app, run from its own jar exactly as an operator would run it: a {@code token create}
 * for the demo user, a {@code prices import} of the sample catalog, then the server, whose log goes to a file so the quickstart's output stays
 * readable. Stopping it stops the process; nothing is left behind.
 */
final class ReportAppProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process server;
    private final URI base;

    private ReportAppProcess(Process server, URI base) {
        this.server = server;
        this.base = base;
    }

    /** Creates a token for {@code email} with report-app's own command and returns it. */
    static String createToken(Path jar, DatabaseOptions database, String email) {
        return output(command(jar, database, "token", "create", "--email", email, "--name", "quickstart"),
                "token create");
    }

    /** Imports the price CSV {@code csv} with report-app's own command; returns its summary line. */
    static String importPrices(Path jar, DatabaseOptions database, Path csv) {
        return output(command(jar, database, "prices", "import", csv.toString()), "prices import").lines()
                .findFirst().orElse("");
    }

    /** What {@code command} printed on standard output, once it exited 0 with something to say. */
    private static String output(List<String> command, String what) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.isEmpty()) {
                throw new IllegalStateException("report-app " + what + " failed (exit " + process.exitValue() + ")");
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(2), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running report-app " + what, e);
        }
    }

    /** Starts the server and waits until its health check answers. */
    static ReportAppProcess start(Path jar, DatabaseOptions database, int httpPort, Path log) {
        List<String> command = command(jar, database, "--http-port", Integer.toString(httpPort));
        try {
            Files.createDirectories(log.getParent());
            Process server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            ReportAppProcess app = new ReportAppProcess(server, URI.create("http://127.0.0.1:" + httpPort));
            app.awaitHealthy(log);
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + jar, e);
        }
    }

    URI base() {
        return base;
    }

    /** GETs {@code path} with the bearer token; returns the body of a 200, or fails saying what came back. */
    String get(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private void awaitHealthy(Path log) {
        Instant deadline = Instant.now().plus(STARTUP);
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("report-app exited with " + server.exitValue() + "; see " + log);
            }
            try {
                if (HttpClient.newHttpClient().send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep();
        }
        close();
        throw new IllegalStateException("report-app did not become healthy within " + STARTUP + "; see " + log);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("report-app did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<String> command(Path jar, DatabaseOptions database, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--db-url", database.url(), "--db-user", database.user(), "--db-password",
                database.password()));
        return command;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, a grace period, then SIGKILL. */
    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroyForcibly();
        }
    }
}
