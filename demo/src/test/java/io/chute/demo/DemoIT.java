package io.chute.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.localstack.LocalStack;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.serde.RegistryClientConfig;

/** The demo's whole run, small, on the shared local stack; checked against the plan record by record. */
class DemoIT {
    private static final int EVENTS = 5_000;

    @TempDir
    Path workDir;

    @Test
    void shouldExitZeroWithExactlyTheValidRowsAndInvalidDeadLettersWhenRunOnTheLocalStack() throws Exception {
        LocalStack stack = LocalStack.shared();
        String name = LocalStack.uniqueName("demo");
        DemoSettings settings = DemoSettings.defaults(EVENTS, workDir).withNames(name, name + "_dlq", name, name);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        DemoResult result;
        try (Demo demo = new Demo(stack, settings, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            result = demo.run();
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertEquals(0, result.exitCode(), printed);
        assertTrue(printed.contains("== summary"), printed);

        DemoPlan plan = settings.plan();
        assertEquals(expectedEventIds(plan), landedEventIds(stack, name), "event ids in ClickHouse");
        assertEquals(expectedInvalidValues(stack, settings, plan), deadLetterValues(stack, settings, result),
                "dead-letter values");
    }

    /** Every landed event id; fails on a duplicate. */
    private static Set<String> landedEventIds(LocalStack stack, String database) {
        try (Client client = DemoSetup.clickHouse(stack, database)) {
            List<GenericRecord> rows = client.queryAll("SELECT toString(event_id) FROM " + DemoSettings.TABLE);
            Set<String> ids = new HashSet<>();
            for (GenericRecord row : rows) {
                assertTrue(ids.add(row.getString(1)), "landed twice: " + row.getString(1));
            }
            return ids;
        }
    }

    private static Set<String> expectedEventIds(DemoPlan plan) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < plan.events(); i++) {
            DemoPlan.Item item = plan.item(i);
            if (item.valid()) {
                ids.add(EventGenerator.eventId(item.seed()));
            }
        }
        return ids;
    }

    /** The invalid records the plan sent, as sorted Base64 (a multiset). */
    private static List<String> expectedInvalidValues(LocalStack stack, DemoSettings settings, DemoPlan plan)
            throws Exception {
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(
                RegistryClientConfig.builder(stack.registryUrl()).build());
        EventGenerator v1 = new EventGenerator(EventSchema.V1, registry.version(settings.subject(), 1).id(),
                settings.baseTimeMillis());
        EventGenerator v2 = new EventGenerator(EventSchema.V2, registry.version(settings.subject(), 2).id(),
                settings.baseTimeMillis());
        List<String> values = new ArrayList<>();
        for (int i = 0; i < plan.events(); i++) {
            DemoPlan.Item item = plan.item(i);
            if (!item.valid()) {
                values.add(base64(item.value(item.version() == EventSchema.V1 ? v1 : v2)));
            }
        }
        values.sort(null);
        assertTrue(values.size() > 10, "the plan must hold invalid records");
        return values;
    }

    /** Every committed dead letter, read afresh from the beginning, as sorted Base64. */
    private static List<String> deadLetterValues(LocalStack stack, DemoSettings settings, DemoResult result)
            throws InterruptedException {
        try (DeadLetterWatcher watcher = new DeadLetterWatcher(stack.bootstrapServers(), settings.dlqTopic(), 1, true)) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (watcher.total() < result.deadLetterTotal() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1000); // anything beyond the expected count would arrive now
            List<String> values = new ArrayList<>();
            watcher.values().forEach(v -> values.add(base64(v)));
            values.sort(null);
            return values;
        }
    }

    private static String base64(byte[] value) {
        return Base64.getEncoder().encodeToString(value);
    }
}
