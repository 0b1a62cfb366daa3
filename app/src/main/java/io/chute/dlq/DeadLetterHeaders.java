package io.chute.dlq;

/**
 * Header names of a dead letter. The {@code __streams.errors.*} names are Kafka Streams' own (KIP-1034), so tools
 * that read Streams' dead letters read chute's; the {@code chute.*} names add what Streams has no header for.
 * Every value is UTF-8 text.
 */
public final class DeadLetterHeaders {
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    /** Stable reason code ({@link Reason#code()}), e.g. {@code unknown_schema_id}. */
    public static final String REASON = "chute.dlq.reason";
    /** Source record timestamp (epoch millis). */
    public static final String TIMESTAMP = "chute.dlq.source.timestamp";
    public static final String SCHEMA_ID = "chute.dlq.schema.id";
    /** The ClickHouse column a mapping or insert error is about, when known. */
    public static final String COLUMN = "chute.dlq.column";
    public static final String TABLE = "chute.dlq.table";
    public static final String APPLICATION_ID = "chute.dlq.application.id";
    /** Wall-clock time the record was dead-lettered (epoch millis). */
    public static final String FAILED_AT = "chute.dlq.failed.at";
    /** Set on records re-published by {@code chute dlq redrive}: the dead letter's own coordinates. */
    public static final String REDRIVEN_FROM = "chute.dlq.redriven.from";

    private DeadLetterHeaders() {
    }

    /** True for the headers a dead letter adds (Streams' and chute's), which a re-written dead letter replaces. */
    public static boolean isDeadLetterHeader(String key) {
        return key.startsWith("__streams.errors.") || key.startsWith("chute.dlq.");
    }
}
