package io.chute.localstack.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.chute.localstack.process.ChildProcess;

/**
 * A local ClickHouse for tests and the demo: {@link ChdbHttpServer} (the real ClickHouse engine via chDB behind
 * ClickHouse's HTTP interface) in a child JVM that dies with this one, listening on a free loopback port and keeping
 * its data in {@code workDir/data}, by default a link to a tmpfs directory ({@link ClickHouseDataDir} says why).
 *
 * <p>{@link #stop()} and {@link #kill()} end the process but keep the data; {@link #restart()} brings it back on the
 * same port and data, which is what outage tests need; {@link #close()} stops and frees a tmpfs data directory. Not
 * thread-safe: one owner drives the lifecycle.
 */
public final class LocalClickHouse implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path workDir;
    private final int port;
    private final String user;
    private final String password;
    private final Path library;
    private final ClickHouseDataDir data;
    private ChildProcess process;

    private LocalClickHouse(Path workDir, int port, String user, String password, Path library) {
        this.workDir = workDir.toAbsolutePath();
        this.data = ClickHouseDataDir.create(this.workDir);
        this.port = port;
        this.user = user;
        this.password = password;
        this.library = library;
    }

    /** Starts with the default user and no password; returns once {@code /ping} answers. */
    public static LocalClickHouse start(Path workDir) {
        return start(workDir, "default", "");
    }

    /** Starts requiring {@code user}/{@code password} on every query; returns once {@code /ping} answers. */
    public static LocalClickHouse start(Path workDir, String user, String password) {
        LocalClickHouse ch = new LocalClickHouse(workDir, freePort(), user == null ? "default" : user,
                password == null ? "" : password, ChdbInstaller.ensureInstalled());
        try {
            ch.launch();
        } catch (RuntimeException e) {
            ch.data.release();
            throw e;
        }
        return ch;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Where the engine keeps its tables (a tmpfs directory unless {@code workDir/data} itself). */
    public Path dataDir() {
        return data.path();
    }

    /** Whether {@link #dataDir()} is in tmpfs, for reports that compare runs. */
    public boolean dataInTmpfs() {
        return data.inTmpfs();
    }

    /** Graceful stop (SIGTERM: the engine is closed cleanly); the data stays on disk. No-op if not running. */
    public void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process.close();
        }
    }

    /** SIGKILL, as in a crash. The data stays on disk as the engine left it. */
    public void kill() {
        if (process != null) {
            process.kill();
            process.close();
        }
    }

    /** Starts again on the same port and data directory (stopping first if still running). */
    public void restart() {
        stop();
        launch();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops, then frees a tmpfs data directory (one under the work dir stays with it). */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            data.release();
        }
    }

    private void launch() {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port),
                "--data-dir", data.path().toString(), "--library", library.toString(),
                "--user", user));
        if (!password.isEmpty()) {
            args.addAll(List.of("--password", password));
        }
        process = ChildProcess.builder("clickhouse")
                .mainClass(ChdbHttpServer.class.getName())
                .jvmArg("-Xmx512m")
                .jvmArg("-XX:+UseParallelGC")
                // a small response left as two segments waited for the client's delayed ACK (~40 ms)
                .jvmArg("-Dsun.net.httpserver.nodelay=true")
                .jvmArg("-Dlogback.configurationFile=io/chute/localstack/clickhouse/front-logback.xml")
                .jvmArg("-Djna.library.path=" + library.getParent())
                .args(args)
                .workDir(workDir)
                .logFile(workDir.resolve("clickhouse.log"))
                .start();
        process.awaitReady(READY_TIMEOUT, this::pingOk);
    }

    private boolean pingOk() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/ping").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
