package io.chute.config;

import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The definition of every {@link ChuteConfig} key (type, default, validator, doc), built by one class per area. Each
 * key carries its group, the heading {@code chute config --describe} lists it under ({@link ConfigDocs}); groups and
 * keys are listed in definition order.
 */
final class ChuteConfigDef {
    private ChuteConfigDef() {
    }

    static ConfigDef build() {
        ConfigDef def = new ConfigDef();
        KafkaConfigDef.define(def);
        RegistryConfigDef.define(def);
        ClickHouseConfigDef.define(def);
        SinkConfigDef.define(def);
        ValidationConfigDef.define(def);
        OpsConfigDef.define(def);
        return def;
    }

    /** Rules that relate two keys, which a per-key validator cannot check. */
    static void checkAcrossKeys(ChuteConfig config) {
        long base = config.getLong(ChuteConfig.INSERT_BACKOFF_MS_CONFIG);
        long cap = config.getLong(ChuteConfig.INSERT_BACKOFF_MAX_MS_CONFIG);
        if (cap < base) {
            throw new ConfigException(ChuteConfig.INSERT_BACKOFF_MAX_MS_CONFIG, cap, "must be at least "
                    + ChuteConfig.INSERT_BACKOFF_MS_CONFIG + " (" + base + ")");
        }
        boolean thread = ChuteConfig.INSERT_SCOPE_THREAD.equals(config.getString(ChuteConfig.INSERT_SCOPE_CONFIG));
        if (thread && !config.exactlyOnce()) {
            throw new ConfigException(ChuteConfig.INSERT_SCOPE_CONFIG, ChuteConfig.INSERT_SCOPE_THREAD, "needs "
                    + ChuteConfig.PROCESSING_GUARANTEE_CONFIG + "=" + ChuteConfig.EXACTLY_ONCE_V2 + ": grouped inserts "
                    + "write their ledger entries in Streams' transaction");
        }
        Object protocol = config.streamsOverrides().get(StreamsConfig.GROUP_PROTOCOL_CONFIG);
        if (thread && protocol != null && !"classic".equalsIgnoreCase(String.valueOf(protocol))) {
            throw new ConfigException(ChuteConfig.INSERT_SCOPE_CONFIG, ChuteConfig.INSERT_SCOPE_THREAD, "needs the "
                    + "classic group protocol (" + ChuteConfig.STREAMS_PREFIX + StreamsConfig.GROUP_PROTOCOL_CONFIG
                    + " is " + protocol + "): it reads a task's ledger from chute's main consumer's assignment");
        }
    }

    /** Defines the keys of one group, numbered in definition order. */
    static final class Group {
        private final ConfigDef def;
        private final String name;
        private int order;

        Group(ConfigDef def, String name) {
            this.def = def;
            this.name = name;
        }

        Group define(String key, Type type, Object defaultValue, ConfigDef.Validator validator, Importance importance,
                     String doc) {
            def.define(key, type, defaultValue, validator, importance, doc, name, ++order, Width.NONE, key);
            return this;
        }

        Group define(String key, Type type, Object defaultValue, Importance importance, String doc) {
            return define(key, type, defaultValue, null, importance, doc);
        }
    }

    static ConfigDef.Validator nonEmptyList() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "at least one entry is required");
            }
        }, () -> "non-empty list");
    }

    /** Accepts http:// and https:// URLs. */
    static final class UrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String url = value == null ? "" : value.toString();
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigException(name, value, "must be an http:// or https:// URL");
            }
        }

        @Override
        public String toString() {
            return "http(s) URL";
        }
    }
}
