package io.chute.serde;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A tiny in-process HTTP server answering scripted responses per "METHOD /path?query"; records every request. */
final class FakeRegistryServer implements AutoCloseable {
    record Response(int status, String body) {
    }

    record Request(String method, String pathAndQuery, String authorization, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Response>> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers in order; the last response repeats. */
    FakeRegistryServer on(String methodAndPath, Response... responses) {
        routes.put(methodAndPath, new ArrayDeque<>(List.of(responses)));
        return this;
    }

    FakeRegistryServer on(String methodAndPath, String okBody) {
        return on(methodAndPath, new Response(200, okBody));
    }

    long count(String methodAndPath) {
        return requests.stream().filter(r -> (r.method() + " " + r.pathAndQuery()).equals(methodAndPath)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String pathAndQuery = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        requests.add(new Request(exchange.getRequestMethod(), pathAndQuery,
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Deque<Response> queue = routes.get(exchange.getRequestMethod() + " " + pathAndQuery);
        Response response;
        if (queue == null) {
            response = new Response(404, "{\"error_code\":404,\"message\":\"no route\"}");
        } else {
            synchronized (queue) {
                response = queue.size() > 1 ? queue.poll() : queue.peek();
            }
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
