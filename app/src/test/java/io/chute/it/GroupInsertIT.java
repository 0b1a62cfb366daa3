package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.BlockBuilder;
import io.chute.block.BlockGroup;
import io.chute.block.BlockLimits;
import io.chute.localstack.LocalStack;
import io.chute.retry.RetryPolicy;
import io.chute.retry.Time;
import io.chute.sink.BlockInserter;
import io.chute.sink.ClickHouseBlockWriter;
import io.chute.sink.GroupInsertResult;
import io.chute.sink.InsertFaults;

/**
 * What grouped inserts (topology-docs/GROUPED-INSERTS.md) rely on, on the real engine: a group is one statement
 * deduplicated by its token in the table and in a materialized view's target; a group ClickHouse refuses for its
 * data writes nothing, so inserting its members alone under their own tokens lands each row once, and doing it all
 * again (recovery) lands nothing twice.
 */
class GroupInsertIT {
    private Client client;
    private String database;
    private BlockInserter inserter;

    @BeforeEach
    void createTables() {
        LocalStack stack = LocalStack.shared();
        database = LocalStack.uniqueName("grp").replace('-', '_');
        client = new Client.Builder().addEndpoint(stack.clickHouseUrl()).setUsername("default").setPassword("")
                .build();
        client.queryAll("CREATE DATABASE " + database);
        String settings = " ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 1000";
        client.queryAll("CREATE TABLE " + database + ".src (id UInt64, v String, CONSTRAINT not13 CHECK id != 13)"
                + settings);
        client.queryAll("CREATE TABLE " + database + ".dst (id UInt64, v String)" + settings);
        client.queryAll("CREATE MATERIALIZED VIEW " + database + ".mv TO " + database + ".dst AS SELECT id, v FROM "
                + database + ".src");
        inserter = new BlockInserter(new ClickHouseBlockWriter(client, database, Duration.ofSeconds(60)),
                RetryPolicy.defaults(), Time.SYSTEM, () -> { }, InsertFaults.NONE);
    }

    @AfterEach
    void drop() {
        client.queryAll("DROP DATABASE IF EXISTS " + database + " SYNC");
        client.close();
    }

    @Test
    void shouldLandEveryRowOnceInTableAndViewTargetWhenGroupsAreResentOrRefusedForData() throws Exception {
        BlockGroup first = BlockGroup.of(List.of(lane(0, 0, 5), lane(1, 100, 3)));
        assertTrue(inserter.insert(first, () -> false).split().isEmpty());
        assertEquals(ids(0, 5, 100, 3), rows("src"));
        assertEquals(ids(0, 5, 100, 3), rows("dst"));

        inserter.insert(BlockGroup.of(List.of(lane(1, 100, 3), lane(0, 0, 5))), () -> false); // re-formed in any order
        assertEquals(ids(0, 5, 100, 3), rows("src"), "a resent group is dropped by its token");
        assertEquals(ids(0, 5, 100, 3), rows("dst"), "and so is its copy in the view's target");

        BlockGroup refused = BlockGroup.of(List.of(lane(0, 5, 10), lane(1, 103, 3)));
        GroupInsertResult split = inserter.insert(refused, () -> false);
        assertEquals(2, split.split().size(), "CONSTRAINT violated: members went alone");
        assertEquals(1, split.badRowCount());
        assertEquals(13L, split.split().get(0).result().badRows().get(0).offset());
        List<Long> expected = ids(0, 15, 100, 6);
        expected.remove(13L);
        assertEquals(expected, rows("src"));
        assertEquals(expected, rows("dst"));

        GroupInsertResult recovered = inserter.insert(BlockGroup.of(List.of(lane(0, 5, 10), lane(1, 103, 3))),
                () -> false);
        assertEquals(2, recovered.split().size());
        assertEquals(expected, rows("src"), "recovery of a refused group lands nothing twice");
        assertEquals(expected, rows("dst"));
    }

    /** A lane block of {@code rows} rows from {@code first}: id = offset. */
    private static Block lane(int partition, long first, int rows) {
        BlockBuilder builder = new BlockBuilder("it", "src", "orders", partition, BlockLimits.defaults(), () -> 0L);
        builder.columns(List.of("id", "v"));
        for (long offset = first; offset < first + rows; offset++) {
            byte[] row = row(offset, "p" + partition);
            builder.append(offset, row, 0, row.length);
        }
        return builder.build();
    }

    /** RowBinaryWithDefaults of (UInt64 id, String v): each value after a 0 byte ("not the default"). */
    private static byte[] row(long id, String v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        for (int i = 0; i < 8; i++) {
            out.write((int) (id >>> (8 * i)) & 0xff);
        }
        byte[] s = v.getBytes(StandardCharsets.UTF_8);
        out.write(0);
        out.write(s.length); // under 128: a one-byte varint
        out.write(s, 0, s.length);
        return out.toByteArray();
    }

    private static List<Long> ids(long firstA, int rowsA, long firstB, int rowsB) {
        List<Long> ids = new ArrayList<>();
        for (long id = firstA; id < firstA + rowsA; id++) {
            ids.add(id);
        }
        for (long id = firstB; id < firstB + rowsB; id++) {
            ids.add(id);
        }
        return ids;
    }

    private List<Long> rows(String table) {
        return client.queryAll("SELECT id FROM " + database + "." + table + " ORDER BY id").stream()
                .map(r -> r.getLong("id")).toList();
    }
}
