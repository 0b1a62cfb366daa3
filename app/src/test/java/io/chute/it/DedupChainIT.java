package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.localstack.LocalStack;
import io.chute.sink.FatalSinkException;
import io.chute.sink.TableInspector;

/** The start-up chain check against the real engine's system.tables: what it refuses and what it lets through. */
class DedupChainIT {
    private final LocalStack stack = LocalStack.shared();
    private final String db = LocalStack.uniqueName("chain").replace('-', '_');
    private Client client;

    @BeforeEach
    void createDatabase() {
        client = new Client.Builder().addEndpoint(stack.clickHouseUrl()).setUsername("default").setPassword("")
                .build();
        sql("CREATE DATABASE " + db);
        sql("CREATE TABLE " + db + ".src (k UInt64, v UInt64) ENGINE = MergeTree ORDER BY k"
                + " SETTINGS non_replicated_deduplication_window = 100");
    }

    @AfterEach
    void dropDatabase() {
        sql("DROP DATABASE IF EXISTS " + db);
        client.close();
    }

    private void sql(String statement) {
        client.queryAll(statement);
    }

    private FatalSinkException refused(String table) {
        return assertThrows(FatalSinkException.class,
                () -> new TableInspector(client, db).requireDeduplicatingChain(table, 3600));
    }

    @Test
    void shouldPassWhenStagingViewsAndNullFanOutAllDeduplicate() {
        sql("CREATE TABLE " + db + ".copy (k UInt64, v UInt64) ENGINE = MergeTree ORDER BY k"
                + " SETTINGS non_replicated_deduplication_window = 100");
        sql("CREATE TABLE " + db + ".agg (one UInt8, s UInt64) ENGINE = SummingMergeTree ORDER BY one"
                + " SETTINGS non_replicated_deduplication_window = 100");
        sql("CREATE MATERIALIZED VIEW " + db + ".mv_copy TO " + db + ".copy AS SELECT k, v FROM " + db + ".src");
        sql("CREATE MATERIALIZED VIEW " + db + ".mv_agg TO " + db + ".agg AS SELECT 1 AS one, sum(v) AS s FROM "
                + db + ".src");
        sql("CREATE TABLE " + db + ".landing (k UInt64, v UInt64) ENGINE = Null");
        sql("CREATE MATERIALIZED VIEW " + db + ".mv_fan TO " + db + ".src AS SELECT k, v FROM " + db + ".landing");
        new TableInspector(client, db).requireDeduplicatingChain("landing", 3600);
        new TableInspector(client, db).requireDeduplicatingChain("src", 3600);
    }

    @Test
    void shouldRefuseNamingTableAndSettingWhenAViewTargetHasNoWindow() {
        sql("CREATE TABLE " + db + ".copy (k UInt64, v UInt64) ENGINE = MergeTree ORDER BY k");
        sql("CREATE MATERIALIZED VIEW " + db + ".mv_copy TO " + db + ".copy AS SELECT k, v FROM " + db + ".src");
        String message = refused("src").getMessage();
        assertTrue(message.contains(db + ".copy") && message.contains("non_replicated_deduplication_window = 0")
                && message.contains("MODIFY SETTING"), message);
    }

    @Test
    void shouldRefuseAViewWithAnInnerTableWithoutWindow() {
        sql("CREATE MATERIALIZED VIEW " + db + ".mv_inner ENGINE = MergeTree ORDER BY k AS SELECT k FROM "
                + db + ".src");
        String message = refused("src").getMessage();
        assertTrue(message.contains(".inner") && message.contains("non_replicated_deduplication_window"), message);
    }

    @Test
    void shouldAcceptTheShippedStagingViewAndNullMigrationsWhenApplied(@org.junit.jupiter.api.io.TempDir
                                                                        java.nio.file.Path dir) throws Exception {
        Properties p = config("events_staging");
        CliRun migrate = CliRun.of("migrate", "--config", CliRun.write(p, dir).toString(), "--dir",
                Events.schemasDir().resolve("clickhouse/migrations").toString());
        assertTrue(migrate.exit() == 0 && migrate.out().contains("done: 3 applied"), migrate.out() + migrate.err());
        new TableInspector(client, db).requireDeduplicatingChain("events_staging", 3600);
        new TableInspector(client, db).requireDeduplicatingChain("events_landing", 3600);
    }

    private Properties config(String table) {
        Properties p = new Properties();
        p.setProperty("application.id", db);
        p.setProperty("bootstrap.servers", stack.bootstrapServers());
        p.setProperty("source.topics", db);
        p.setProperty("dlq.topic", db + "-dlq");
        p.setProperty("schema.registry.url", stack.registryUrl());
        p.setProperty("clickhouse.url", stack.clickHouseUrl());
        p.setProperty("clickhouse.database", db);
        p.setProperty("table", table);
        return p;
    }

    @Test
    void shouldRefuseToStartNamingTheTableWhenTheTargetIsABuffer() {
        sql("CREATE TABLE " + db + ".buf AS " + db + ".src ENGINE = Buffer(" + db
                + ", src, 1, 10, 100, 10000, 1000000, 10000000, 100000000)");
        Properties p = config("buf");
        try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(p))) {
            FatalSinkException e = assertThrows(FatalSinkException.class, app::start);
            assertTrue(e.getMessage().contains(db + ".buf") && e.getMessage().contains("engine Buffer"),
                    e.getMessage());
        }
    }
}
