package io.chute.validation;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.avro.Schema;

import io.chute.serde.RegistryException;
import io.chute.serde.SchemaRegistryClient;

/**
 * Loads a target's reader schema at configuration time: from an {@code .avsc} file or from a registry subject.
 */
public final class ReaderSchemas {
    private ReaderSchemas() {
    }

    /** Parses an {@code .avsc} file. */
    public static Schema fromFile(Path avsc) throws IOException {
        return new Schema.Parser().parse(avsc.toFile());
    }

    /** The schema of {@code subject} at {@code version}, or the latest version when {@code version} is null. */
    public static Schema fromRegistry(SchemaRegistryClient client, String subject, Integer version)
            throws RegistryException {
        return (version == null ? client.latest(subject) : client.version(subject, version)).schema();
    }
}
