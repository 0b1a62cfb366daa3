package io.chute.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;

import io.chute.localstack.LocalStack;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.serde.RegistryClientConfig;
import io.chute.serde.RegistryException;

/**
 * The benchmark's input, prepared on a running local stack: the source topic, the registered event-v1 schema, the
 * ClickHouse database and table (the repository's {@code schemas/clickhouse/events.sql}) and the pre-produced
 * backlog. Producing is timed on its own; it is no part of any ingestion figure.
 */
final class Bench {
    static final String TABLE = "events";

    /** Everything the measured phases need. {@code liveEvents} continues the generator for a live phase. */
    record Setup(String bootstrap, String registryUrl, String clickHouseUrl, long brokerPid, long registryPid,
                 String topic, int partitions, String database, int schemaId, long events,
                 EventLoader.Loaded loaded, EventLoader loader, BenchEvents liveEvents, ClickHouseSql sql,
                 List<String> tables, String clickHouseStorage) {
    }

    /** The target tables of {@code count} routes fanning every record out: events, events_2, ... */
    static List<String> tableNames(int count) {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(i == 1 ? TABLE : TABLE + "_" + i);
        }
        return names;
    }

    private Bench() {
    }

    static Setup prepare(LocalStack stack, long events, int partitions) throws RegistryException {
        return prepare(stack, events, partitions, 1);
    }

    /** @param tables target tables; above 1, chute gets one route per table, each taking every record */
    static Setup prepare(LocalStack stack, long events, int partitions, int tables) throws RegistryException {
        String topic = LocalStack.uniqueName("bench_events");
        stack.kafka().createTopic(topic, partitions, Map.of());
        int schemaId = new HttpSchemaRegistryClient(RegistryClientConfig.builder(stack.registryUrl()).build())
                .register(topic + "-value", BenchEvents.schemaText(), List.of());
        ClickHouseSql sql = new ClickHouseSql(stack.clickHouseUrl());
        sql.query(null, "CREATE DATABASE " + topic);
        sql.query(topic, tableDdl());
        for (String table : tableNames(tables).subList(1, tables)) {
            sql.query(topic, "CREATE TABLE " + table + " AS " + TABLE);
        }
        EventLoader loader = new EventLoader(stack.bootstrapServers(), topic, partitions);
        EventLoader.Loaded loaded = loader.backlog(new BenchEvents(BenchEvents.schema(), schemaId, 42), events);
        return new Setup(stack.bootstrapServers(), stack.registryUrl(), stack.clickHouseUrl(), stack.kafka().pid(),
                stack.registry().pid(), topic, partitions, topic, schemaId, events, loaded, loader,
                new BenchEvents(BenchEvents.schema(), schemaId, 4242), sql, tableNames(tables),
                clickHouseStorage(stack));
    }

    /**
     * Drops what {@link #prepare} and the point's runs made (the database, the topic and every topic named after it:
     * chute's ledgers and Kafka Streams' internals), so the next point starts on an engine and a broker that carry
     * only its own tables and partitions, as a deployment does.
     */
    static void discard(LocalStack stack, Setup setup) throws Exception {
        setup.sql().query(null, "DROP DATABASE IF EXISTS " + setup.database() + " SYNC");
        Admin admin = stack.kafka().admin();
        List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.contains(setup.topic())).toList();
        admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
    }

    /**
     * Where the local engine keeps its tables, printed with every figure: what an INSERT costs ClickHouse here
     * depends on it (see the local stack's ClickHouseDataDir).
     */
    static String clickHouseStorage(LocalStack stack) {
        return stack.clickHouse().dataInTmpfs() ? "ClickHouse data in tmpfs (" + stack.clickHouse().dataDir() + ")"
                : "ClickHouse data on disk (" + stack.clickHouse().dataDir() + ")";
    }

    private static String tableDdl() {
        try (InputStream in = Bench.class.getResourceAsStream("/io/chute/bench/clickhouse/events.sql")) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/chute/bench/clickhouse/events.sql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
