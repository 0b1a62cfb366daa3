package io.chute.localstack.clickhouse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The local ClickHouse: the real ClickHouse engine (chDB) behind ClickHouse's HTTP interface, in its own JVM.
 *
 * <p>Usage: {@code ChdbHttpServer --port N --data-dir DIR [--user U --password P] [--library PATH]}. Listens on
 * loopback only. Prints {@code CHUTE-CLICKHOUSE-READY port=N} once it accepts requests. SIGTERM stops it gracefully
 * (in-flight requests get a few seconds, then the engine is closed so that data is flushed to disk).
 */
public final class ChdbHttpServer {
    private static final int THREADS = 32;

    private ChdbHttpServer() {
    }

    public static void main(String[] args) throws IOException {
        long started = System.nanoTime();
        int port = Integer.parseInt(arg(args, "--port", null));
        Path dataDir = Path.of(arg(args, "--data-dir", null));
        String user = arg(args, "--user", "default");
        String password = arg(args, "--password", "");
        String library = arg(args, "--library", null);
        Path lib = library != null ? Path.of(library) : ChdbInstaller.ensureInstalled();

        ChdbEngine engine = ChdbEngine.start(lib, dataDir);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, daemonThreads());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.createContext("/", new ClickHouseHttpHandler(engine, user, password));
        server.setExecutor(pool);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(server, pool, engine), "clickhouse-stop"));
        System.out.println("CHUTE-CLICKHOUSE-READY port=" + server.getAddress().getPort() + " engine="
                + engine.version() + " startup_ms=" + (System.nanoTime() - started) / 1_000_000);
        System.out.flush();
    }

    private static void shutdown(HttpServer server, ExecutorService pool, ChdbEngine engine) {
        server.stop(0);
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "clickhouse-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null && !"--library".equals(name)) {
            throw new IllegalArgumentException("missing " + name);
        }
        return fallback;
    }
}
