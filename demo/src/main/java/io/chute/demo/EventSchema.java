package io.chute.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.avro.Schema;

/**
 * The two versions of the example {@code io.chute.example.Event} schema ({@code schemas/event-v*.avsc} of the
 * repository, on the classpath as {@code schemas/...}). v2 adds the optional {@code referrer}; it is backward
 * compatible with v1, so both can be registered under one subject.
 */
public enum EventSchema {
    V1("schemas/event-v1.avsc"),
    V2("schemas/event-v2.avsc");

    private final String text;
    private final Schema schema;

    EventSchema(String resource) {
        this.text = resource(resource);
        this.schema = new Schema.Parser().parse(text);
    }

    /** The schema as registered (the file's text). */
    public String text() {
        return text;
    }

    public Schema schema() {
        return schema;
    }

    /** Reads a classpath resource as UTF-8 text. */
    static String resource(String name) {
        try (InputStream in = EventSchema.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath (build the demo module with Maven)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
