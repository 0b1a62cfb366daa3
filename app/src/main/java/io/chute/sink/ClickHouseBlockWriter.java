package io.chute.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.chute.block.Block;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link BlockWriter} over clickhouse client-v2: one {@code INSERT INTO `table` (`c1`, ...) FORMAT
 * RowBinaryWithDefaults} per block with {@code insert_deduplication_token = block.token()} and the attempt's query id.
 * The client is shared and thread-safe; this class does not close it.
 *
 * <p>The column list must be the one the rows were encoded for ({@code RowEncoder.columnNames()}): without it
 * ClickHouse expects its default insert columns, which skip EPHEMERAL columns and follow later ALTERs, so the rows
 * would be misread.
 */
public final class ClickHouseBlockWriter implements BlockWriter {

    private final Client client;
    private final String database;
    private final Duration timeout;
    private final Function<String, List<String>> insertColumns;

    /** A writer that names no columns: only for rows carrying exactly the table's default insert columns. */
    public ClickHouseBlockWriter(Client client, String database, Duration timeout) {
        this(client, database, timeout, table -> List.of());
    }

    /**
     * @param database database of the tables; null for the client's default database
     * @param timeout how long to wait for one insert; on expiry the attempt fails as retryable (a resend with the
     *                same token is deduplicated if the first one landed after all)
     * @param insertColumns per table, the (unquoted) columns each row carries, in order; empty or null names none
     */
    public ClickHouseBlockWriter(Client client, String database, Duration timeout,
                                 Function<String, List<String>> insertColumns) {
        this.client = Objects.requireNonNull(client);
        this.database = database;
        this.timeout = Objects.requireNonNull(timeout);
        this.insertColumns = Objects.requireNonNull(insertColumns);
    }

    @Override
    public long insert(Block block, String queryId) throws Exception {
        InsertSettings settings = new InsertSettings()
                .setDeduplicationToken(block.token())
                .setQueryId(queryId);
        if (database != null) {
            settings.setDatabase(database);
        }
        String table = Identifiers.quote(block.id().table());
        List<String> columns = insertColumns.apply(block.id().table());
        // client-v2 pastes column names into the statement as they are
        List<String> quoted = columns == null ? List.of() : columns.stream().map(Identifiers::quote).toList();
        try (InputStream in = block.newInputStream();
             InsertResponse response = client.insert(table, quoted, in, ClickHouseFormat.RowBinaryWithDefaults,
                     settings)
                     .get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return response.getWrittenRows();
        }
    }
}
