package io.chute.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.chute.cli.ChuteCli;

/** Runs {@code chute ...} in-process, capturing stdout and stderr; fails on a log line in stdout. */
record CliRun(int exit, String out, String err) {
    /** The start of a line of logback.xml's pattern: stdout carries only the command's result. */
    private static final java.util.regex.Pattern LOG_LINE = java.util.regex.Pattern.compile(
            "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR)");

    static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = ChuteCli.execute(args);
            System.out.flush();
            System.err.flush();
            CliRun run = new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            if (LOG_LINE.matcher(run.out).find()) {
                throw new AssertionError("a log line on stdout (logs go to stderr):\n" + run.out);
            }
            return run;
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            oldOut.print(out.toString(StandardCharsets.UTF_8));
            oldErr.print(err.toString(StandardCharsets.UTF_8));
        }
    }

    static Path write(Properties config, Path dir) throws IOException {
        Path file = dir.resolve("chute.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            config.store(w, "chute IT");
        }
        return file;
    }
}
