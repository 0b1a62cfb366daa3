package io.chute.config;

import java.util.HashMap;
import java.util.Map;

/** The smallest valid chute configuration, for unit tests to extend. */
public final class MinimalConfig {
    private MinimalConfig() {
    }

    /** A fresh, mutable map with every required key. */
    public static Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put("application.id", "app");
        props.put("bootstrap.servers", "kafka:9092");
        props.put("source.topics", "events,orders");
        props.put("dlq.topic", "dlq");
        props.put("schema.registry.url", "http://registry:8081");
        props.put("clickhouse.url", "http://clickhouse:8123");
        return props;
    }
}
