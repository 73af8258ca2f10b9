package dev.tally.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An app's runnable jar, {@code target/<name>.jar} of the module under test (mvn verify packages it
 * before the integration tests), started as a process of its own: signals, exit codes and a killed
 * JVM are real.
 */
public final class RunnableJar {

    private RunnableJar() {
    }

    /** Starts {@code target/<name>.jar} with {@code args}; standard output and error both go to {@code log}. */
    public static Process start(String name, Path log, String... args) throws IOException {
        Path jar = Path.of("target", name + ".jar");
        assertThat(jar).as("the runnable jar, which mvn verify packages before the integration tests").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
