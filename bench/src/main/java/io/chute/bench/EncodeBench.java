package io.chute.bench;

import java.util.List;
import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

import io.chute.mapping.DirectRowEncoder;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.mapping.RowEncoder;
import io.chute.mapping.RowEncoderFactory;
import io.chute.mapping.TableSchema;
import io.chute.serde.AvroDecoder;

/**
 * Micro-benchmark of the per-record encoding step alone, in one thread and without Kafka or ClickHouse: the generic
 * path (Avro decode to a GenericRecord, then RowEncoder) against the fast path (DirectRowEncoder, Avro bytes straight
 * to RowBinary) over the benchmark's events. Prints ns per record for the last rounds; asserts nothing.
 *
 * <p>{@code java -cp ... io.chute.bench.EncodeBench [records] [rounds]}
 */
public final class EncodeBench {
    static {
        // This module's log configuration by its own name, before any logger exists: the app's logback.xml is on
        // the classpath too, and two logback.xml make logback print its whole status (~30 lines) first.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
    }

    /** The insertable columns of schemas/clickhouse/events.sql. */
    private static final List<TableSchema.Column> EVENTS = List.of(
            TableSchema.Column.describe("event_id", "UUID", ""),
            TableSchema.Column.describe("ts", "DateTime64(3, 'UTC')", ""),
            TableSchema.Column.describe("user_id", "Int64", ""),
            TableSchema.Column.describe("event_type", "LowCardinality(String)", ""),
            TableSchema.Column.describe("payload", "String", ""),
            TableSchema.Column.describe("amount", "Float64", ""),
            TableSchema.Column.describe("country", "FixedString(2)", ""),
            TableSchema.Column.describe("session_ms", "Int32", ""),
            TableSchema.Column.describe("referrer", "Nullable(String)", ""));
    private static final int HEADER = 5;

    private EncodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Schema schema = BenchEvents.schema();
        BenchEvents events = new BenchEvents(schema, 1, 7);
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            values[i] = events.next(1_700_000_000_000L + i);
        }
        RowEncoder generic = RowEncoderFactory.compile(schema, new TableSchema("events", EVENTS),
                RowEncoderFactory.UnmappedFieldPolicy.IGNORE);
        DirectRowEncoder direct = generic.direct().newEncoder();
        AvroDecoder decoder = new AvroDecoder();
        RowBinaryBuffer out = new RowBinaryBuffer(1 << 20);
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            for (byte[] v : values) {
                recycle(out);
                generic.encode((GenericRecord) decoder.decode(v, HEADER, v.length - HEADER, schema, null), out);
            }
            long t1 = System.nanoTime();
            for (byte[] v : values) {
                recycle(out);
                if (!direct.encode(v, HEADER, v.length - HEADER, out)) {
                    throw new IllegalStateException("the fast path refused a benchmark event");
                }
            }
            long t2 = System.nanoTime();
            if (round >= rounds / 2) {
                System.out.printf(Locale.ROOT, "round %2d: generic %4.0f ns/record, fast path %4.0f ns/record%n",
                        round, (t1 - t0) / (double) n, (t2 - t1) / (double) n);
            }
        }
    }

    private static void recycle(RowBinaryBuffer out) {
        if (out.size() > (1 << 19)) {
            out.clear();
        }
    }
}
