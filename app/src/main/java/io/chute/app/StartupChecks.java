package io.chute.app;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.clickhouse.client.api.Client;

import io.chute.config.ChuteConfig;
import io.chute.retry.RetryPolicy;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.serde.RegistryRejectedException;
import io.chute.sink.Classification;
import io.chute.sink.ErrorClass;
import io.chute.sink.RetryClassifier;

/**
 * The start-up checks of ClickHouse and the schema registry for {@link StartupWait}: which failures are worth
 * waiting out (refused connections, timeouts, 5xx: a service still starting) and which are not (credentials
 * refused, the database missing, a registry URL without the Confluent API), with a one-line reason for those.
 */
final class StartupChecks {
    /** ClickHouse codes that mean the user is not let in (ErrorCodes.cpp): waiting cannot fix them. */
    private static final Set<Integer> AUTH_CODES = Set.of(192, 193, 194, 195, 291, 497, 516);
    private static final int UNKNOWN_DATABASE = 81;
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    private StartupChecks() {
    }

    static List<StartupWait.Dependency> of(ChuteConfig config, Client clickHouse) {
        return List.of(clickHouse(config, clickHouse), registry(config));
    }

    /**
     * {@code GET /ping} until ClickHouse answers, then {@code SELECT 1} in the configured database as the configured
     * user (authenticates and finds the database). The ping goes around client-v2, whose own retries would log
     * several lines per attempt while ClickHouse is down; {@link StartupWait} logs once per kind of failure.
     */
    static StartupWait.Dependency clickHouse(ChuteConfig config, Client clickHouse) {
        String url = config.getString(ChuteConfig.CLICKHOUSE_URL_CONFIG);
        String database = config.getString(ChuteConfig.CLICKHOUSE_DATABASE_CONFIG);
        String user = config.getString(ChuteConfig.CLICKHOUSE_USER_CONFIG);
        URI ping = URI.create((url.endsWith("/") ? url : url + "/") + "ping");
        HttpClient http = HttpClient.newBuilder().connectTimeout(PING_TIMEOUT).build();
        return new StartupWait.Dependency("clickhouse", url, () -> {
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(ping).timeout(PING_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (ConnectException e) { // java.net.http's refused connection carries no message
                throw new IOException("GET " + ping + ": cannot connect" + (e.getMessage() == null ? ""
                        : " (" + e.getMessage() + ")"), e);
            }
            if (status != 200) {
                throw new IOException("GET " + ping + " answered HTTP " + status);
            }
            try {
                clickHouse.queryAll("SELECT 1");
            } catch (RuntimeException e) {
                Classification c = RetryClassifier.classify(e);
                if (c.errorClass() == ErrorClass.CONFIG_ERROR) {
                    throw new StartupException(clickHouseReason(c, url, database, user), e);
                }
                throw e;
            }
        });
    }

    static String clickHouseReason(Classification c, String url, String database, String user) {
        if (c.code() == UNKNOWN_DATABASE) {
            return "database '" + database + "' does not exist on ClickHouse at " + url
                    + " (create it, or fix clickhouse.database)";
        }
        if (AUTH_CODES.contains(c.code())) {
            return "ClickHouse at " + url + " refused user '" + user + "' (code " + c.code() + "): "
                    + firstLine(c.message()) + " (fix clickhouse.user / clickhouse.password or the user's grants)";
        }
        return "ClickHouse at " + url + " refused the start-up query (code " + c.code() + "): "
                + firstLine(c.message());
    }

    /** {@code GET /subjects}, one attempt per check (the wait does the retrying). */
    static StartupWait.Dependency registry(ChuteConfig config) {
        String url = config.getString(ChuteConfig.REGISTRY_URL_CONFIG);
        HttpSchemaRegistryClient probe = new HttpSchemaRegistryClient(RegistryClients.config(config)
                .retry(RetryPolicy.once()).build());
        return new StartupWait.Dependency("registry", url, () -> {
            try {
                probe.subjects();
            } catch (RegistryRejectedException e) {
                throw new StartupException(registryReason(e.status(), url), e);
            }
        });
    }

    static String registryReason(int status, String url) {
        if (status == 401 || status == 403) {
            return "schema registry at " + url + " refused the credentials (HTTP " + status + "; fix "
                    + ChuteConfig.REGISTRY_BASIC_AUTH_CONFIG + " or " + ChuteConfig.REGISTRY_BEARER_TOKEN_CONFIG + ")";
        }
        if (status == 404) {
            return "schema registry at " + url + " has no Confluent-compatible API (GET /subjects: HTTP 404); "
                    + "schema.registry.url must be its base, e.g. Apicurio's http://host:8080/apis/ccompat/v7";
        }
        return "schema registry at " + url + " refused GET /subjects (HTTP " + status + ")";
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
