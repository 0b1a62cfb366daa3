package io.chute.serde;

import java.util.Objects;

/**
 * A Confluent schema reference: the named type {@code name} is defined by {@code subject} at {@code version}.
 */
public record SchemaReference(String name, String subject, int version) {
    public SchemaReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
    }
}
