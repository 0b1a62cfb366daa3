package io.chute.sink;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.clickhouse.client.api.Client;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.mapping.AvroColumnTypes;
import io.chute.mapping.Identifiers;
import io.chute.mapping.TableSchema;
import io.chute.retry.Backoff;
import io.chute.retry.Time;

/**
 * The ClickHouse side of {@code schema.evolution=add-columns}: {@code ALTER TABLE db.t [ON CLUSTER c] ADD COLUMN IF
 * NOT EXISTS} for an Avro field (type and DEFAULT by {@link AvroColumnTypes}), and re-reading the table.
 *
 * <p>Failure semantics: transient failures (by {@link RetryClassifier}; unknown codes count as transient) are retried
 * with backoff until they succeed, like inserts: a ClickHouse outage delays records, never dead-letters them. A
 * refusal (syntax, type, unknown cluster, grants, ...) is thrown. Both statements are idempotent, so a retry after a
 * timeout that had in fact applied the ALTER is harmless, and several instances may race.
 */
public final class ColumnAdder {
    private static final Logger LOG = LoggerFactory.getLogger(ColumnAdder.class);
    /** Waits out a ClickHouse outage: one caller per task, so no jitter. */
    private static final Backoff BACKOFF = new Backoff(100, 10_000, Backoff.Jitter.NONE);
    private static final long TIMEOUT_MINUTES = 5;
    /** Refusals of an ALTER ADD COLUMN that the insert classifier does not list (it sees them as retryable). */
    private static final Set<Integer> ALTER_REFUSALS = Set.of(
            15, // DUPLICATE_COLUMN
            36, // BAD_ARGUMENTS
            43, 44, // ILLEGAL_TYPE_OF_ARGUMENT, ILLEGAL_COLUMN
            48, // NOT_IMPLEMENTED
            53, 70, // TYPE_MISMATCH, CANNOT_CONVERT_TYPE (a DEFAULT that does not fit the type)
            371, // INCONSISTENT_CLUSTER_DEFINITION
            701 // CLUSTER_DOESNT_EXIST
    );

    private final Client client;
    private final String database;
    private final String cluster;
    private final TableInspector inspector;
    private final Time time;

    /**
     * @param database database of the tables (null: the server's current database)
     * @param cluster  ON CLUSTER name, or null/empty for none
     */
    public ColumnAdder(Client client, String database, String cluster, Time time) {
        this.client = Objects.requireNonNull(client);
        this.database = database;
        this.cluster = cluster == null || cluster.isBlank() ? null : cluster.trim();
        this.inspector = new TableInspector(client, database);
        this.time = Objects.requireNonNull(time);
    }

    /**
     * The statement that adds a column for {@code field}.
     *
     * @throws IllegalArgumentException the field's type has no ClickHouse column type
     */
    public static String alterStatement(String database, String cluster, String table, Schema.Field field) {
        String name = Identifiers.qualified(database, table);
        return "ALTER TABLE " + name + (cluster == null || cluster.isBlank() ? ""
                : " ON CLUSTER " + Identifiers.quote(cluster.trim()))
                + " ADD COLUMN IF NOT EXISTS " + AvroColumnTypes.columnDefinition(field);
    }

    /**
     * Adds a column for {@code field} unless the table has one.
     *
     * @throws IllegalArgumentException the field's type has no ClickHouse column type
     * @throws RuntimeException         ClickHouse refused the statement
     */
    public void add(String table, Schema.Field field) throws InterruptedException {
        String sql = alterStatement(database, cluster, table, field);
        retrying(sql, () -> {
            client.execute(sql).get(TIMEOUT_MINUTES, TimeUnit.MINUTES).close();
            LOG.info("added column: {}", sql);
            return null;
        });
    }

    /** The table's columns as DESCRIBE reports them now. */
    public TableSchema describe(String table) throws InterruptedException {
        return retrying("DESCRIBE " + table, () -> inspector.schema(table));
    }

    private <T> T retrying(String what, Call<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Classification c = RetryClassifier.classify(e);
                if (c.errorClass() != ErrorClass.RETRYABLE || ALTER_REFUSALS.contains(c.code())) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
                }
                long delay = BACKOFF.delayMillis(attempt);
                LOG.warn("{} failed (code {}): {}; retrying in {} ms", what, c.code(), c.message(), delay);
                time.sleep(delay);
            }
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws Exception;
    }
}
