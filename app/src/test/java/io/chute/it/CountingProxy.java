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
 * A loopback HTTP proxy in front of a real service that counts requests by method and path, so a test can tell
 * whether a client answered from its cache without touching the client.
 */
final class CountingProxy implements AutoCloseable {
    private static final List<String> FORWARDED_HEADERS = List.of("Content-Type", "Accept", "Authorization");

    private final URI target;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

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
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getScheme() + "://"
                    + target.getRawAuthority() + path + (query == null ? "" : "?" + query)));
            for (String h : FORWARDED_HEADERS) {
                String v = exchange.getRequestHeaders().getFirst(h);
                if (v != null) {
                    request.header(h, v);
                }
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type")
                    .ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
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
