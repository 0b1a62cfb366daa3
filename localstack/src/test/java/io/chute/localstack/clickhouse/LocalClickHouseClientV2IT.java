package io.chute.localstack.clickhouse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.data.ClickHouseFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local ClickHouse driven by an unmodified client-v2 0.11.0 with default settings. */
class LocalClickHouseClientV2IT {
    @TempDir
    static Path workDir;
    static LocalClickHouse clickHouse;
    static Client client;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        clickHouse = LocalClickHouse.start(workDir);
        System.out.printf("local ClickHouse started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        client = newClient(clickHouse.password());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (clickHouse != null) {
            clickHouse.close();
        }
    }

    static Client newClient(String password) {
        return new Client.Builder().addEndpoint(clickHouse.url()).setUsername(clickHouse.user())
                .setPassword(password).build();
    }

    static void execute(String sql) throws Exception {
        client.execute(sql).get(30, TimeUnit.SECONDS).close();
    }

    static long count(String table) {
        return client.queryAll("SELECT count() FROM " + table).get(0).getLong(1);
    }

    @Test
    void shouldReadBackEveryCommonTypeWhenInsertedWithRowBinaryWriter() throws Exception {
        execute(TypesTable.DDL.replace("types", "types_v2"));
        TableSchema schema = client.getTableSchema("types_v2");
        UUID uuid = UUID.randomUUID();
        client.insert("types_v2", out -> {
            RowBinaryFormatWriter w = new RowBinaryFormatWriter(out, schema, ClickHouseFormat.RowBinary);
            TypesTable.values(uuid).forEach(w::setValue);
            w.commitRow();
        }, ClickHouseFormat.RowBinary, new InsertSettings()).get(30, TimeUnit.SECONDS).close();

        GenericRecord r = client.queryAll("SELECT * FROM types_v2").get(0);
        assertEquals((byte) -8, r.getByte("i8"));
        assertEquals((short) -1600, r.getShort("i16"));
        assertEquals(-320000, r.getInteger("i32"));
        assertEquals(-6400000000L, r.getLong("i64"));
        assertEquals(200, r.getShort("u8"));
        assertEquals(40000, r.getInteger("u16"));
        assertEquals(4000000000L, r.getLong("u32"));
        assertEquals(new BigInteger("18000000000000000000"), r.getBigInteger("u64"));
        assertEquals(1.5f, r.getFloat("f32"));
        assertEquals(2.25, r.getDouble("f64"));
        assertEquals(0, new BigDecimal("12345.6789").compareTo(r.getBigDecimal("dec")));
        assertEquals("hello", r.getString("s"));
        assertEquals("ab", r.getString("fs"));
        assertEquals(uuid, r.getUUID("uuid"));
        assertTrue(r.getBoolean("b"));
        assertEquals(LocalDate.of(2024, 2, 29), r.getLocalDate("d"));
        assertEquals(LocalDate.of(1960, 1, 1), r.getLocalDate("d32"));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5), r.getLocalDateTime("dt"));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_000_000), r.getLocalDateTime("dt64"));
        assertNull(r.getObject("ns"));
        assertEquals("lc", r.getString("lc"));
        assertEquals("b", r.getString("e"));
        assertArrayEquals(new int[] {1, 2, 3}, r.getIntArray("arr"));
        assertEquals(Map.of("k", BigInteger.valueOf(7)), normalize(r.getObject("m")));
        assertArrayEquals(new Object[] {5, "t"}, r.getTuple("tup"));
    }

    private static Map<?, ?> normalize(Object map) {
        Map<?, ?> m = (Map<?, ?>) map;
        return Map.of("k", new BigInteger(m.get("k").toString()));
    }

    @Test
    void shouldDropRepeatedInsertWhenDeduplicationTokenIsReused() throws Exception {
        execute("CREATE TABLE dedup (a UInt32) ENGINE = MergeTree ORDER BY a "
                + "SETTINGS non_replicated_deduplication_window = 100");
        insertUInt32("dedup", new InsertSettings().setDeduplicationToken("t1"), 1, 2, 3);
        insertUInt32("dedup", new InsertSettings().setDeduplicationToken("t1"), 4, 5);
        assertEquals(3, count("dedup"));
        insertUInt32("dedup", new InsertSettings().setDeduplicationToken("t2"), 1, 2, 3);
        assertEquals(6, count("dedup"));
    }

    @Test
    void shouldFillDefaultsWhenInsertingRowBinaryWithDefaults() throws Exception {
        execute("CREATE TABLE with_defaults (a UInt32, b String DEFAULT concat('d', toString(a))) "
                + "ENGINE = MergeTree ORDER BY a");
        TableSchema schema = client.getTableSchema("with_defaults");
        client.insert("with_defaults", out -> {
            RowBinaryFormatWriter w = new RowBinaryFormatWriter(out, schema, ClickHouseFormat.RowBinaryWithDefaults);
            w.setValue("a", 7L);
            w.commitRow();
            w.setValue("a", 8L);
            w.setValue("b", "given");
            w.commitRow();
        }, ClickHouseFormat.RowBinaryWithDefaults, new InsertSettings()).get(30, TimeUnit.SECONDS).close();
        List<GenericRecord> rows = client.queryAll("SELECT b FROM with_defaults ORDER BY a");
        assertEquals(List.of("d7", "given"), rows.stream().map(r -> r.getString(1)).toList());
    }

    @Test
    void shouldRaiseServerExceptionsWithClickHouseCodesWhenQueriesFail() {
        assertEquals(60, serverError(() -> client.queryAll("SELECT * FROM no_such_table")).getCode());
        assertEquals(62, serverError(() -> client.queryAll("SELEC 1")).getCode());
        assertEquals(62, serverError(() -> client.queryAll("SELECT 1; SELECT 2")).getCode());
        try (Client wrong = newClient("wrong-password")) {
            assertEquals(516, serverError(() -> wrong.queryAll("SELECT 1")).getCode());
        }
    }

    @Test
    void shouldInsertMillionRowsWhenStreamingRowBinary() throws Exception {
        execute("CREATE TABLE bulk (id UInt64, ts DateTime64(3), name String, v Float64) "
                + "ENGINE = MergeTree ORDER BY id");
        int rows = 1_000_000;
        byte[] data = bulkRowBinary(rows);
        long t0 = System.nanoTime();
        try (InsertResponse r = client.insert("bulk", new ByteArrayInputStream(data), ClickHouseFormat.RowBinary)
                .get(120, TimeUnit.SECONDS)) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("client-v2 RowBinary insert: %d rows, %.1f MB in %.2f s = %.0f rows/s, %.1f MB/s%n",
                    rows, data.length / 1e6, seconds, rows / seconds, data.length / 1e6 / seconds);
            assertEquals(rows, r.getWrittenRows());
        }
        assertEquals(rows, count("bulk"));
    }

    @Test
    void shouldKeepDataWhenStoppedKilledAndRestarted() throws Exception {
        execute("CREATE TABLE durable (a UInt32) ENGINE = MergeTree ORDER BY a");
        insertUInt32("durable", new InsertSettings(), 1, 2);
        clickHouse.stop();
        assertTrue(!clickHouse.isRunning());
        clickHouse.restart();
        assertEquals(2, count("durable"));
        insertUInt32("durable", new InsertSettings(), 3);
        clickHouse.kill();
        clickHouse.restart();
        assertTrue(clickHouse.isRunning());
        assertEquals(3, count("durable"));
    }

    private static void insertUInt32(String table, InsertSettings settings, int... values) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buf.putInt(v);
        }
        client.insert(table, new ByteArrayInputStream(buf.array()), ClickHouseFormat.RowBinary, settings)
                .get(30, TimeUnit.SECONDS).close();
    }

    private static byte[] bulkRowBinary(int rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 60);
        ByteBuffer row = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        long baseMillis = 1_700_000_000_000L;
        for (int i = 0; i < rows; i++) {
            byte[] name = ("customer-" + (i % 5000) + "-event").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            row.clear();
            row.putLong(i).putLong(baseMillis + i).put((byte) name.length).put(name).putDouble(i * 0.5);
            out.write(row.array(), 0, row.position());
        }
        return out.toByteArray();
    }

    private static ServerException serverError(Runnable call) {
        Throwable t = assertThrows(Throwable.class, call::run);
        while (!(t instanceof ServerException) && t.getCause() != null) {
            t = t.getCause();
        }
        Throwable found = t;
        assertTrue(found instanceof ServerException, () -> "not a ServerException: " + found);
        return (ServerException) found;
    }
}
