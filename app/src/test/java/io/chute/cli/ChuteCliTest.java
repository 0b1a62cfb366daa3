package io.chute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import io.chute.config.ChuteConfig;
import io.chute.config.ConfigDocs;
import io.chute.config.MinimalConfig;

/** The CLI as a user meets it: help, configuration errors, {@code chute config}. */
class ChuteCliTest {

    /** Every command path, e.g. [run], [schemas, check], found from the command tree so a new one is covered. */
    static Stream<List<String>> commands() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new ChuteCli()), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) { // aliases once
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldPrintUsageOnStdoutAndExit0WhenAnyCommandGetsHelp(List<String> path) {
        for (String flag : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(path);
            args.add(flag);
            Run run = inProcess(args.toArray(String[]::new));
            assertEquals(0, run.exit, args + ": " + run.err);
            assertTrue(run.out.contains("Usage: chute"), args + ": " + run.out);
            assertEquals("", run.err, args.toString());
        }
    }

    @Test
    void shouldReportThreeProblemsTogetherWithHintsAndExit2WhenConfigIsBad(@TempDir Path dir) throws Exception {
        Map<String, String> props = MinimalConfig.props();
        props.remove("clickhouse.url");
        props.put("block.max.rows", "lots");
        props.put("clickhouse.pasword", "secret");
        Path file = write(dir, props);

        CliProcess run = CliProcess.run(dir, Map.of(), "run", "--config", file.toString());

        assertEquals(2, run.exit(), run.err());
        assertEquals("", run.out());
        assertFalse(run.hasStackTrace(), run.err());
        assertTrue(run.err().contains("invalid configuration (3 problems)"), run.err());
        assertTrue(run.err().contains("clickhouse.url: missing (required, no default)"), run.err());
        assertTrue(run.err().contains("block.max.rows = 'lots' (chute.properties): Not a number of type INT"),
                run.err());
        assertTrue(run.err().contains("clickhouse.pasword (chute.properties): unknown key; did you mean "
                + "clickhouse.password?"), run.err());
    }

    @Test
    void shouldSayTheFileIsMissingInOneLineAndExit2WhenConfigFileDoesNotExist(@TempDir Path dir) throws Exception {
        CliProcess run = CliProcess.run(dir, Map.of(), "run", "-c", dir.resolve("nope.properties").toString());
        assertEquals(2, run.exit(), run.err());
        assertFalse(run.hasStackTrace(), run.err());
        assertTrue(run.err().contains("config file " + dir.resolve("nope.properties") + " does not exist"), run.err());
    }

    @Test
    void shouldPrintEffectiveConfigWithSecretsHiddenWhenCheckingAValidFile(@TempDir Path dir) throws Exception {
        Map<String, String> props = MinimalConfig.props();
        props.put("streams.sasl.jaas.config", "org.Foo required password=\"jaas-secret\";");
        Path file = write(dir, props);

        CliProcess run = CliProcess.run(dir, Map.of("CHUTE_CLICKHOUSE_PASSWORD", "env-secret",
                "CHUTE_STREAMS_SESSION_TIMEOUT_MS", "12000", "CHUTE_BLOCK_MAX_ROWS", "500"),
                "config", "--check", "--config", file.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("clickhouse.password = [hidden]"), run.out());
        assertTrue(run.out().contains("streams.sasl.jaas.config = [hidden]"), run.out());
        assertTrue(run.out().contains("streams.session.timeout.ms = 12000"), run.out());
        assertTrue(run.out().contains("block.max.rows = 500"), run.out());
        assertTrue(run.out().contains("block.max.rows <- environment CHUTE_BLOCK_MAX_ROWS"), run.out());
        assertTrue(run.out().contains("application.id = app"), run.out());
        assertFalse(run.out().contains("env-secret") || run.err().contains("env-secret"), run.out() + run.err());
        assertFalse(run.out().contains("jaas-secret") || run.err().contains("jaas-secret"), run.out() + run.err());
    }

    @Test
    void shouldListEveryProblemWhenCheckingABadFile(@TempDir Path dir) throws Exception {
        Map<String, String> props = MinimalConfig.props();
        props.put("processing.guarantee", "exactly_twice");
        Path file = write(dir, props);
        Run run = inProcess("config", "--check", "--config", file.toString());
        assertEquals(2, run.exit, run.err);
        assertEquals("", run.out);
        assertTrue(run.err.contains("processing.guarantee = 'exactly_twice'"), run.err);
        assertTrue(run.err.contains("valid: [exactly_once_v2, at_least_once]"), run.err);
    }

    @Test
    void shouldListEveryKeyGroupedWhenDescribing() {
        Run run = inProcess("config", "--describe");
        assertEquals(0, run.exit, run.err);
        assertEquals(run.out, inProcess("config").out, "--describe is the default");
        int last = -1;
        for (String group : List.of("Kafka", "registry", "ClickHouse", "blocks", "insert", "ledger", "validation",
                "evolution", "ops")) {
            int at = run.out.indexOf("== " + group + " ==\n");
            assertTrue(at > last, group + " in order:\n" + run.out);
            last = at;
        }
        for (String key : ChuteConfig.definition().names()) {
            assertTrue(run.out.contains("\n" + key + "  ("), key);
        }
        assertTrue(run.out.contains("clickhouse.password  (password, secret, default \"\")"), run.out);
        assertTrue(run.out.contains("block.max.rows  (int, default 100000, valid: [1,...,10000000])"), run.out);
        assertTrue(run.out.contains("application.id  (string, required"), run.out);
        assertTrue(run.out.contains("streams.<key>"), run.out);
        assertEquals("ClickHouse", ConfigDocs.groupOf("clickhouse.url"));
        assertEquals("ClickHouse", ConfigDocs.groupOf("table"));
        assertEquals("ops", ConfigDocs.groupOf("metrics.port"));
        assertEquals("registry", ConfigDocs.groupOf("schema.registry.url"));
        assertEquals("evolution", ConfigDocs.groupOf("schema.evolution"));
    }

    @Test
    void shouldPrintUsageOnStderrAndExit2WhenNoCommandIsGiven() {
        Run run = inProcess();
        assertEquals(2, run.exit);
        assertEquals("", run.out);
        assertTrue(run.err.contains("Usage: chute"), run.err);
    }

    private static Path write(Path dir, Map<String, String> props) throws Exception {
        StringBuilder text = new StringBuilder();
        props.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path file = dir.resolve("chute.properties");
        Files.writeString(file, text);
        return file;
    }

    private record Run(int exit, String out, String err) {
    }

    /** In this JVM (fast, for the many help runs); stdout and stderr captured. */
    private static Run inProcess(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = ChuteCli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
