package io.chute.topology;

import java.util.List;

import org.apache.avro.generic.GenericRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.ColumnLayout;
import io.chute.dlq.DeadLetter;
import io.chute.dlq.Reason;
import io.chute.mapping.MappingConfigException;
import io.chute.mapping.MappingException;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.Backoff;
import io.chute.retry.Time;
import io.chute.routing.Router;
import io.chute.serde.RegistryUnavailableException;
import io.chute.validation.RecordValidator;
import io.chute.validation.Rejection;
import io.chute.validation.ValidationResult;

/**
 * One record's way from bytes to encoded rows: validate (waiting out registry outages), route, encode for every
 * target table. Used by the ingest processor (when {@link FastRows} does not take the record) and by recovery; the
 * fast path writes the same bytes, so both form rows identically. One per stream task (the validator is not
 * thread-safe).
 */
final class RowPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RowPipeline.class);
    /** Waits out a registry outage: 100 ms doubling to 10 s, without jitter (the registry client's calls have it). */
    private static final Backoff REGISTRY_WAIT = new Backoff(100, 10_000, Backoff.Jitter.NONE);

    private final RecordValidator validator;
    private final Router router;
    private final TableEncoders encoders;
    private final ChuteMetrics metrics;
    private final Time time;

    RowPipeline(RecordValidator validator, Router router, TableEncoders encoders, ChuteMetrics metrics) {
        this(validator, router, encoders, metrics, Time.SYSTEM);
    }

    RowPipeline(RecordValidator validator, Router router, TableEncoders encoders, ChuteMetrics metrics, Time time) {
        this.validator = validator;
        this.router = router;
        this.encoders = encoders;
        this.metrics = metrics;
        this.time = time;
    }

    /** Where a record sits in Kafka: what the position columns are filled with. */
    record SourcePosition(String topic, int partition, long offset, long timestamp) {
    }

    /** Either a dead letter or a valid record with its tables. */
    record Outcome(DeadLetter deadLetter, ValidationResult.Valid valid, List<String> tables) {
        boolean rejected() {
            return deadLetter != null;
        }
    }

    /**
     * Validates and routes. A registry outage is not a data error: this waits (exponential backoff, logged and
     * counted) until the registry answers.
     */
    Outcome evaluate(String topic, byte[] value) throws InterruptedException {
        ValidationResult result = validateWaitingForRegistry(topic, value);
        if (result instanceof Rejection rejection) {
            return new Outcome(new DeadLetter(rejection.reason(), rejection.message(),
                    rejection.exceptionClass(), rejection.schemaId(), null, null), null, List.of());
        }
        ValidationResult.Valid valid = (ValidationResult.Valid) result;
        List<String> tables = router.route(topic, valid.subject(), valid.record());
        if (tables.isEmpty()) {
            return new Outcome(new DeadLetter(Reason.NO_ROUTE, "no route matches record " + valid.writerSchema()
                    .getFullName() + " of subject " + valid.subject() + " and no default table is configured",
                    null, valid.schemaId(), null, null), null, List.of());
        }
        return new Outcome(null, valid, tables);
    }

    /**
     * Appends the record's row for {@code table} to {@code out}; on failure nothing is appended and the dead
     * letter names the table and column (or the field the table lacks). The row is encoded for
     * {@link #columns(String) columns(table)}: the Avro columns, then the table's Kafka position columns from
     * {@code at}. Under {@code schema.evolution=add-columns} this may first add
     * columns to the table (waiting out ClickHouse outages).
     */
    DeadLetter encode(String table, ValidationResult.Valid valid, SourcePosition at, RowBinaryBuffer out)
            throws InterruptedException {
        GenericRecord record = valid.record();
        int mark = out.mark();
        try {
            encoders.encoderFor(table, record.getSchema(), valid.schemaId()).encode(record, out);
            PositionColumns positions = encoders.positions(table);
            if (!positions.isEmpty()) {
                positions.write(at.topic(), at.partition(), at.offset(), at.timestamp(), out);
            }
            return null;
        } catch (TableEncoders.SchemaMismatchException e) {
            out.reset(mark);
            return new DeadLetter(Reason.SCHEMA_MISMATCH, e.getMessage(), e.getClass().getName(),
                    valid.schemaId(), table, e.field());
        } catch (MappingException e) {
            out.reset(mark);
            return new DeadLetter(Reason.MAPPING_FAILED, e.getMessage(), e.getClass().getName(), valid.schemaId(),
                    table, e.column());
        } catch (MappingConfigException e) { // no record of this schema can land in the table
            out.reset(mark);
            metrics.mapping().unmappable(table, valid.schemaId(), e.getMessage());
            return new DeadLetter(Reason.MAPPING_FAILED, e.getMessage(), e.getClass().getName(), valid.schemaId(),
                    table, e.columns().isEmpty() ? null : String.join(",", e.columns()));
        }
    }

    /** The layout of the row {@link #encode} last appended for {@code table}. */
    ColumnLayout columns(String table) {
        return encoders.columns(table);
    }

    private ValidationResult validateWaitingForRegistry(String topic, byte[] value) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return validator.validate(topic, value);
            } catch (RegistryUnavailableException e) {
                metrics.counter(ChuteMetric.REGISTRY_WAITS).increment();
                long delay = REGISTRY_WAIT.delayMillis(attempt);
                LOG.warn("schema registry unavailable ({}); record of {} waits {} ms", e.getMessage(), topic, delay);
                time.sleep(delay);
            }
        }
    }
}
