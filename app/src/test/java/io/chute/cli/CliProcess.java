package io.chute.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code chute ...} as a user runs it: a separate JVM with the app's classpath (its logback.xml included), a clean
 * environment plus the given variables, stdout and stderr kept apart.
 */
public record CliProcess(int exit, String out, String err) {

    /** Runs and waits (at most 2 minutes; the JVM is killed after that). */
    public static CliProcess run(Path workDir, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Process p = start(workDir, env, args);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("chute " + String.join(" ", args) + " did not end within 2 minutes");
        }
        return new CliProcess(p.exitValue(), Files.readString(workDir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(workDir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    /** Starts without waiting; stdout and stderr go to {@code workDir/stdout} and {@code workDir/stderr}. */
    public static Process start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.chute.cli.ChuteCli"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout").toFile()).redirectError(workDir.resolve("stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CHUTE_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** True when stderr holds a Java stack trace. */
    public boolean hasStackTrace() {
        return err.contains("\tat ") || err.contains("Exception in thread");
    }
}
