package io.chute.config;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Connection settings shared by chute's own Kafka clients (ledger, source fetcher, admin): bootstrap + security. */
public final class KafkaClientProps {
    private KafkaClientProps() {
    }

    public static Map<String, Object> common(ChuteConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", config.getList(ChuteConfig.BOOTSTRAP_SERVERS_CONFIG)));
        config.streamsOverrides().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")
                    || key.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)) {
                props.put(key, value);
            }
        });
        return props;
    }

    /** For reading source ranges with the stream's isolation level. */
    public static Map<String, Object> sourceReader(ChuteConfig config) {
        Map<String, Object> props = common(config);
        boolean eos = config.exactlyOnce();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, eos ? "read_committed" : "read_uncommitted");
        return props;
    }
}
