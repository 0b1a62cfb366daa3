package io.chute.demo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.clickhouse.client.api.Client;

import io.chute.localstack.LocalStack;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.serde.RegistryClientConfig;
import io.chute.serde.RegistryException;

/**
 * Prepares the targets of a run: the ClickHouse database and table ({@code schemas/clickhouse/events.sql}), the
 * source and dead-letter topics, and both schema versions under the topic's subject.
 */
final class DemoSetup {
    /** Registry ids of the two schema versions. */
    record SchemaIds(int v1, int v2) {
        int of(EventSchema version) {
            return version == EventSchema.V1 ? v1 : v2;
        }
    }

    private DemoSetup() {
    }

    /** A client-v2 client on the stack's ClickHouse with {@code database} as its default database. */
    static Client clickHouse(LocalStack stack, String database) {
        return new Client.Builder().addEndpoint(stack.clickHouseUrl()).setUsername(stack.clickHouse().user())
                .setPassword(stack.clickHouse().password()).setDefaultDatabase(database).build();
    }

    static void createTable(LocalStack stack, String database) throws Exception {
        try (Client admin = clickHouse(stack, "default")) {
            admin.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`").get(60, TimeUnit.SECONDS).close();
        }
        try (Client client = clickHouse(stack, database)) {
            client.execute(ddl()).get(60, TimeUnit.SECONDS).close();
        }
    }

    static void createTopics(LocalStack stack, DemoSettings settings) {
        stack.kafka().createTopic(settings.topic(), DemoSettings.PARTITIONS, Map.of());
        stack.kafka().createTopic(settings.dlqTopic(), 1, Map.of());
    }

    /** Registers v1 then v2 (backward compatible) under the run's subject. */
    static SchemaIds registerSchemas(LocalStack stack, DemoSettings settings) throws RegistryException {
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(
                RegistryClientConfig.builder(stack.registryUrl()).build());
        int v1 = registry.register(settings.subject(), EventSchema.V1.text(), List.of());
        int v2 = registry.register(settings.subject(), EventSchema.V2.text(), List.of());
        return new SchemaIds(v1, v2);
    }

    /** The table DDL without its comment lines (one statement). */
    static String ddl() {
        StringBuilder sql = new StringBuilder();
        for (String line : EventSchema.resource("schemas/clickhouse/events.sql").split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        return sql.toString().strip();
    }
}
