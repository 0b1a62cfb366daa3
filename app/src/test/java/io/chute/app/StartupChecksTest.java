package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.chute.sink.Classification;
import io.chute.sink.ErrorClass;

/** The one-line reasons of the start-up failures that waiting cannot fix. */
class StartupChecksTest {

    @Test
    void shouldNameTheDatabaseAndTheKeyWhenTheDatabaseIsMissing() {
        assertEquals("database 'analytics' does not exist on ClickHouse at http://ch:8123 (create it, or fix "
                + "clickhouse.database)", StartupChecks.clickHouseReason(new Classification(ErrorClass.CONFIG_ERROR,
                81, "Code: 81. DB::Exception: Database analytics does not exist.\nstack"), "http://ch:8123",
                "analytics", "chute"));
    }

    @Test
    void shouldNameTheUserOnOneLineWhenClickHouseRefusesTheCredentials() {
        String reason = StartupChecks.clickHouseReason(new Classification(ErrorClass.CONFIG_ERROR, 516,
                "Code: 516. DB::Exception: chute: Authentication failed\nmore"), "http://ch:8123", "db", "chute");
        assertTrue(reason.startsWith("ClickHouse at http://ch:8123 refused user 'chute' (code 516): Code: 516."),
                reason);
        assertTrue(!reason.contains("\n") && reason.contains("clickhouse.password"), reason);
    }

    @Test
    void shouldPointAtTheConfluentApiWhenTheRegistryUrlAnswers404() {
        String reason = StartupChecks.registryReason(404, "http://sr:8080");
        assertTrue(reason.contains("/apis/ccompat/v7"), reason);
        assertTrue(StartupChecks.registryReason(401, "http://sr").contains("refused the credentials"));
    }
}
