package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.localstack.LocalStack;

/** {@code chute migrate}: applies versioned files once, re-runs apply nothing, a changed applied file fails. */
class MigrateIT {

    @Test
    void shouldApplyEachMigrationOnceAndRefuseWhenAnAppliedFileChanged(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStack.shared();
        String db = LocalStack.uniqueName("mig").replace('-', '_');
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__create_events.sql"), """
                -- the target table
                CREATE TABLE IF NOT EXISTS events (id UInt64, country String) ENGINE = MergeTree ORDER BY id
                SETTINGS non_replicated_deduplication_window = 1000;
                """);
        Files.writeString(migrations.resolve("V2__add_referrer.sql"), """
                ALTER TABLE events ADD COLUMN IF NOT EXISTS referrer Nullable(String);
                INSERT INTO events (id, country, referrer) VALUES (1, 'DE', 'a;b');
                """);
        Properties p = new Properties();
        p.setProperty("application.id", "migrate-it");
        p.setProperty("bootstrap.servers", stack.bootstrapServers());
        p.setProperty("source.topics", "unused");
        p.setProperty("dlq.topic", "unused-dlq");
        p.setProperty("schema.registry.url", stack.registryUrl());
        p.setProperty("clickhouse.url", stack.clickHouseUrl());
        p.setProperty("clickhouse.database", db);
        String config = CliRun.write(p, dir).toString();
        try (Client ch = new Client.Builder().addEndpoint(stack.clickHouseUrl()).setUsername("default")
                .setPassword("").build()) {
            ch.queryAll("CREATE DATABASE " + db);

            CliRun first = CliRun.of("migrate", "--config", config, "--dir", migrations.toString());
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.out().contains("applied V1__create_events.sql (1 statement)"), first.out());
            assertTrue(first.out().contains("applied V2__add_referrer.sql (2 statements)"), first.out());
            assertEquals("1|DE|a;b", ch.queryAll("SELECT id, country, referrer FROM " + db + ".events").stream()
                    .map(r -> r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3)).findFirst().orElseThrow());

            CliRun again = CliRun.of("migrate", "--config", config, "--dir", migrations.toString());
            assertEquals(0, again.exit(), again.err());
            assertTrue(again.out().contains("done: 0 applied, 2 already applied"), again.out());
            assertEquals("1", ch.queryAll("SELECT count() AS c FROM " + db + ".events").get(0).getString("c"));
            assertEquals("2", ch.queryAll("SELECT count() AS c FROM " + db + ".chute_migrations").get(0)
                    .getString("c"));

            Files.writeString(migrations.resolve("V1__create_events.sql"), "CREATE TABLE changed (x UInt8) "
                    + "ENGINE = Memory");
            CliRun changed = CliRun.of("migrate", "--config", config, "--dir", migrations.toString());
            assertEquals(1, changed.exit(), changed.out() + changed.err());
            assertTrue(changed.err().contains("V1__create_events.sql was changed after it was applied"), changed.err());
        }
    }
}
