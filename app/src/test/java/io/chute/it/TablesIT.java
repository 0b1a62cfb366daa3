package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.app.ChuteApp;
import io.chute.cli.CliProcess;
import io.chute.config.ChuteConfig;

/** {@code chute tables create --execute}: the generated table exists as printed and chute lands rows in it. */
class TablesIT {

    @Test
    void shouldCreateATableChuteLandsRowsInWhenExecuted(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(1)) {
            h.clickHouse.queryAll("DROP TABLE " + h.database + ".events");
            String config = CliRun.write(h.config(h.name), dir).toString();
            CliRun create = CliRun.of("tables", "create", "--schema",
                    Events.schemasDir().resolve("event-v2.avsc").toString(), "--table", "events",
                    "--order-by", "event_type,ts,event_id", "--partition-by", "toYYYYMM(ts)", "--with-kafka-columns",
                    "--dedup-window", "500", "--execute", "--config", config);
            assertEquals(0, create.exit(), create.err());
            assertTrue(create.out().contains("created table events"), create.out());

            String shown = h.clickHouse.queryAll("SHOW CREATE TABLE " + h.database + ".events").get(0).getString(1);
            assertTrue(shown.contains("non_replicated_deduplication_window = 500"), shown);
            assertTrue(shown.contains("`referrer` Nullable(String)"), shown);
            assertTrue(shown.contains("`_offset` Int64 DEFAULT -1"), shown);

            h.produce(0, 1_000);
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(h.config(h.name)))) {
                app.start();
                // country is String here (not FixedString(2)), so the 3-letter-country records land too
                Harness.await("all rows", Duration.ofMinutes(2),
                        () -> h.clickHouseCount() >= h.expected.size() + h.invalid);
                Thread.sleep(1000);
            }
            assertEquals(h.expected.size() + h.invalid, h.clickHouseCount());
            assertEquals(List.of(), h.differences().stream().filter(d -> !d.startsWith("unexpected row")).toList());
        }
    }

    /** {@code chute tables create ... > t.sql; curl --data-binary @t.sql clickhouse}: stdout is the DDL alone. */
    @Test
    void shouldCreateTheTableWhenTablesCreateStdoutIsPipedIntoClickHouse(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(1)) {
            // a logicalType next to the type instead of inside it: Avro logs a warning while parsing
            Path schema = dir.resolve("piped.avsc");
            Files.writeString(schema, """
                    {"type": "record", "name": "Piped", "fields": [
                      {"name": "id", "type": "long"},
                      {"name": "at", "type": "long", "logicalType": "timestamp-millis"},
                      {"name": "note", "type": ["null", "string"], "default": null}]}""");
            CliProcess create = CliProcess.run(dir, Map.of(), "tables", "create", "--schema", schema.toString(),
                    "--table", "piped", "--order-by", "id");
            assertEquals(0, create.exit(), create.err());
            assertTrue(create.out().startsWith("CREATE TABLE"), create.out());
            assertTrue(create.err().contains("Ignored the"), "Avro's warning goes to stderr: " + create.err());

            HttpResponse<String> piped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(h.stack.clickHouseUrl() + "/?database=" + h.database))
                    .POST(HttpRequest.BodyPublishers.ofString(create.out())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, piped.statusCode(), piped.body());
            String shown = h.clickHouse.queryAll("SHOW CREATE TABLE " + h.database + ".piped").get(0).getString(1);
            assertTrue(shown.contains("`note` Nullable(String)"), shown);
        }
    }
}
