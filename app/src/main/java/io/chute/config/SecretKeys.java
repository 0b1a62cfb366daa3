package io.chute.config;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;

/** Which pass-through keys ({@code streams.*}, {@code route.*}, {@code clickhouse.settings.*}) hold secrets. */
final class SecretKeys {
    /**
     * Keys the Kafka clients and Streams define as PASSWORD (e.g. {@code ssl.keystore.key}, a private key, and
     * {@code ...private.key.passphrase}, which no name pattern below catches); matched as a suffix so client
     * prefixes such as {@code main.consumer.} are covered.
     */
    private static final Set<String> CLIENT_SECRETS = Stream.of(ProducerConfig.configDef(),
                    ConsumerConfig.configDef(), AdminClientConfig.configDef(), StreamsConfig.configDef())
            .flatMap(def -> def.configKeys().values().stream())
            .filter(k -> k.type == Type.PASSWORD)
            .map(k -> k.name)
            .collect(Collectors.toUnmodifiableSet());

    private SecretKeys() {
    }

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token")
                || lower.contains("sasl.jaas") || CLIENT_SECRETS.stream().anyMatch(lower::endsWith);
    }
}
