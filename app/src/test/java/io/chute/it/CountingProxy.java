package io.chute.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP proxy in front of a real service that counts requests by method and path and records their URL
 * query strings, so a test can tell whether a client answered from its cache, or what settings it sent, without
 * touching the client.
 */
final class CountingProxy implements AutoCloseable {
    /** Headers the JDK client sets itself (and refuses to be given). */
    private static final java.util.Set<String> HOP_HEADERS = java.util.Set.of("host", "connection", "content-length",
            "expect", "upgrade", "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> queries = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** @param targetUrl base URL of the service, possibly with a path (e.g. a registry's API root) */
    CountingProxy(String targetUrl) throws IOException {
        this.target = URI.create(targetUrl);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    /** The proxy's URL for the target's base URL (same path). */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + (target.getRawPath() == null ? ""
                : target.getRawPath());
    }

    /** Requests seen for {@code method} and a path relative to the base URL, e.g. {@code GET /schemas/ids/3}. */
    int count(String method, String relativePath) {
        AtomicInteger n = counts.get(method + " " + relativePath);
        return n == null ? 0 : n.get();
    }

    /** The decoded URL query strings of every request, in order (e.g. a ClickHouse INSERT's settings). */
    List<String> queries() {
        synchronized (queries) {
            return List.copyOf(queries);
        }
    }

    /** Every request seen. */
    int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String base = target.getRawPath() == null ? "" : target.getRawPath();
            counts.computeIfAbsent(exchange.getRequestMethod() + " " + path.substring(Math.min(base.length(),
                    path.length())), k -> new AtomicInteger()).incrementAndGet();
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                queries.add(java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getScheme() + "://"
                    + target.getRawAuthority() + path + (query == null ? "" : "?" + query)));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            byte[] body = exchange.getRequestBody().readAllBytes();
            request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
