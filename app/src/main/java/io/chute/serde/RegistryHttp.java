package io.chute.serde;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The transport under {@link HttpSchemaRegistryClient}: one JSON call with auth, timeouts, retries and the mapping
 * of HTTP outcomes to the three failure kinds.
 *
 * <p>Retried: IO errors (including timeouts), 5xx, 408 and 429. Not retried: 404 with error code 40401/40402/40403
 * ({@link SchemaNotFoundException}), any other 4xx ({@link RegistryRejectedException}).
 */
final class RegistryHttp {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final AtomicInteger nextUrl = new AtomicInteger();

    RegistryHttp(RegistryClientConfig config) {
        this.config = config;
        // HTTP/1.1: avoids h2c upgrade attempts that some registries behind proxies mishandle
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).build();
        if (config.basicUserInfo() != null) {
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    config.basicUserInfo().getBytes(StandardCharsets.UTF_8));
        } else if (config.bearerToken() != null) {
            authorization = "Bearer " + config.bearerToken();
        } else {
            authorization = null;
        }
    }

    static ObjectMapper json() {
        return JSON;
    }

    /** Encodes one path segment (subject names may hold any character). */
    static String segment(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends {@code method path} with an optional JSON body and returns the parsed JSON answer.
     */
    JsonNode call(String method, String path, JsonNode body)
            throws SchemaNotFoundException, RegistryUnavailableException, RegistryRejectedException {
        List<URI> urls = config.baseUrls();
        int start = Math.floorMod(nextUrl.get(), urls.size());
        Exception last = null;
        String lastProblem = null;
        for (int attempt = 1; attempt <= config.retry().maxAttempts(); attempt++) {
            URI uri = resolve(urls.get((start + attempt - 1) % urls.size()), path);
            try {
                HttpResponse<byte[]> response = http.send(request(method, uri, body),
                        HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    byte[] bytes = response.body();
                    return bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes);
                }
                if (!retryable(status)) {
                    throwFailure(method, uri, status, response.body());
                }
                lastProblem = method + " " + uri + " answered HTTP " + status;
                last = null;
            } catch (IOException e) {
                lastProblem = method + " " + uri + " failed: " + e;
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted while calling the schema registry", e);
            }
            nextUrl.incrementAndGet();
            if (attempt < config.retry().maxAttempts()) {
                pause(attempt, last);
            }
        }
        throw new RegistryUnavailableException("schema registry unavailable after " + config.retry().maxAttempts()
                + " attempts; last: " + lastProblem, last);
    }

    private void pause(int attempt, Exception last) throws RegistryUnavailableException {
        try {
            config.time().sleep(config.retry().backoff().delayMillis(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while backing off", last);
        }
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private HttpRequest request(String method, URI uri, JsonNode body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", CONTENT_TYPE);
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        return b.build();
    }

    private static URI resolve(URI base, String path) {
        String b = base.toString();
        return URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) + path : b + path);
    }

    private static void throwFailure(String method, URI uri, int status, byte[] body)
            throws SchemaNotFoundException, RegistryRejectedException {
        int code = status;
        String message = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.has("error_code")) {
                code = node.get("error_code").asInt(status);
                message = node.path("message").asText(message);
            }
        } catch (IOException notJson) {
            // keep the raw body as the message
        }
        String text = method + " " + uri + ": HTTP " + status + " (" + code + ") " + message;
        if (status == 404 && (code == 40401 || code == 40402 || code == 40403)) {
            throw new SchemaNotFoundException(text, code);
        }
        throw new RegistryRejectedException(text, status, code);
    }
}
