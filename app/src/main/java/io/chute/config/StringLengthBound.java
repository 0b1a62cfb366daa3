package io.chute.config;

import org.apache.kafka.common.config.ConfigException;

/** One {@code rules.string.length} entry, {@code field:min:max}: parsed here only, for the validator and the rule. */
public record StringLengthBound(String field, int min, int max) {

    /** @throws ConfigException naming {@code key} and the entry when it is not {@code field:min:max}, 0 <= min <= max */
    static StringLengthBound parse(String key, String entry) {
        String[] parts = entry.split(":");
        // at most 9 digits: always an int, so a typo cannot fail later as a NumberFormatException naming no key
        if (parts.length != 3 || !parts[1].matches("\\d{1,9}") || !parts[2].matches("\\d{1,9}")) {
            throw new ConfigException(key, entry, "expected field:min:max");
        }
        int min = Integer.parseInt(parts[1]);
        int max = Integer.parseInt(parts[2]);
        if (max < min) {
            throw new ConfigException(key, entry, "min is larger than max");
        }
        return new StringLengthBound(parts[0], min, max);
    }
}
