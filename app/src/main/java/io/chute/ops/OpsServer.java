package io.chute.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint on all interfaces: {@code GET /metrics} (Prometheus text format), {@code /health/live} and
 * {@code /health/ready} (JSON, 200 up / 503 down). Served by one daemon thread; a failing handler answers 500 and
 * never affects the pipeline.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code port} (0: any free port) and starts serving.
     *
     * @throws IllegalStateException when the port cannot be bound (the message names it)
     */
    public static OpsServer start(int port, Supplier<String> scrape, Supplier<HealthStatus> live,
            Supplier<HealthStatus> ready) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on metrics.port " + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chute-ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", get(ex -> send(ex, 200, PROMETHEUS_TEXT, scrape.get())));
        server.createContext("/health/live", get(ex -> health(ex, live.get())));
        server.createContext("/health/ready", get(ex -> health(ex, ready.get())));
        server.start();
        LOG.info("metrics and health on port {}", server.getAddress().getPort());
        return new OpsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void health(HttpExchange ex, HealthStatus status) throws IOException {
        send(ex, status.httpStatus(), "application/json", JSON.writeValueAsString(status.body()));
    }

    private static HttpHandler get(HttpHandler handler) {
        return ex -> {
            try {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    send(ex, 405, "text/plain", "GET only\n");
                    return;
                }
                handler.handle(ex);
            } catch (RuntimeException | IOException e) {
                LOG.warn("{} failed", ex.getRequestURI(), e);
                try {
                    send(ex, 500, "text/plain", "error: " + e + "\n");
                } catch (IOException | RuntimeException ignored) {
                    // headers already sent or client gone: nothing left to tell it
                }
            } finally {
                ex.close();
            }
        };
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
