package io.chute.sink;

import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;

import io.chute.block.Block;
import io.chute.block.BlockGroup;
import io.chute.config.ClickHouseSettings;
import io.chute.mapping.Identifiers;

/**
 * {@link BlockWriter} over clickhouse client-v2: one {@code INSERT INTO `table` (`c1`, ...) FORMAT
 * RowBinaryWithDefaults} per block, naming the block's {@link Block#columns()} (none when empty), with {@code insert_deduplication_token = block.token()}, the attempt's query id and the same server settings on every
 * attempt ({@link io.chute.config.ClickHouseSettings}). The client is shared and thread-safe; this class does not
 * close it.
 */
public final class ClickHouseBlockWriter implements BlockWriter {

    private final Client client;
    private final String database;
    private final Duration timeout;
    private final Map<String, String> serverSettings;

    /**
     * @param database database of the tables; null for the client's default database
     * @param timeout how long to wait for one insert; on expiry the attempt fails as retryable (a resend with the
     *                same token is deduplicated if the first one landed after all)
     * @param serverSettings ClickHouse settings sent with every insert (URL parameters)
     */
    public ClickHouseBlockWriter(Client client, String database, Duration timeout, Map<String, String> serverSettings) {
        this.client = Objects.requireNonNull(client);
        this.database = database;
        this.timeout = Objects.requireNonNull(timeout);
        this.serverSettings = Collections.unmodifiableMap(new LinkedHashMap<>(serverSettings));
    }

    /** With only the settings chute pins ({@link ClickHouseSettings#PINNED}). */
    public ClickHouseBlockWriter(Client client, String database, Duration timeout) {
        this(client, database, timeout, ClickHouseSettings.PINNED);
    }

    @Override
    public long insert(Block block, String queryId) throws Exception {
        return insert(block.id().table(), block.columns(), block.token(), block.newInputStream(), queryId);
    }

    @Override
    public long insert(BlockGroup group, String queryId) throws Exception {
        return insert(group.table(), group.columns(), group.token(), group.newInputStream(), queryId);
    }

    private long insert(String tableName, List<String> columnNames, String token, InputStream body, String queryId)
            throws Exception {
        InsertSettings settings = new InsertSettings()
                .setDeduplicationToken(token)
                .setQueryId(queryId);
        serverSettings.forEach(settings::serverSetting);
        if (database != null) {
            settings.setDatabase(database);
        }
        String table = Identifiers.quote(tableName);
        List<String> columns = columnNames.stream().map(Identifiers::quote).toList();
        try (InputStream in = body;
             InsertResponse response = client.insert(table, columns, in, ClickHouseFormat.RowBinaryWithDefaults,
                     settings).get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return response.getWrittenRows();
        }
    }
}
