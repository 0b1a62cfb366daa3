package io.chute.localstack.clickhouse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.clickhouse.data.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local ClickHouse driven by an unmodified clickhouse-jdbc 0.11.0 with default settings. */
class LocalClickHouseJdbcIT {
    @TempDir
    static Path workDir;
    static LocalClickHouse clickHouse;

    @BeforeAll
    static void start() {
        clickHouse = LocalClickHouse.start(workDir, "chute", "s3cret");
    }

    @AfterAll
    static void stop() {
        if (clickHouse != null) {
            clickHouse.close();
        }
    }

    static Connection connect(String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", clickHouse.user());
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:clickhouse://127.0.0.1:" + clickHouse.port() + "/default", p);
    }

    @Test
    void shouldReadBackEveryCommonTypeWhenInsertedWithPreparedStatementBatch() throws Exception {
        UUID uuid = UUID.randomUUID();
        Map<String, Object> values = TypesTable.values(uuid);
        values.put("tup", new Tuple(5, "t")); // how clickhouse-jdbc is told a value is a tuple, not an array
        try (Connection c = connect(clickHouse.password()); Statement st = c.createStatement()) {
            st.execute(TypesTable.DDL.replace("types", "types_jdbc"));
            String placeholders = String.join(", ", values.keySet().stream().map(k -> "?").toList());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO types_jdbc (" + String.join(", ",
                    values.keySet()) + ") VALUES (" + placeholders + ")")) {
                for (int row = 1; row <= 3; row++) {
                    int i = 1;
                    for (Map.Entry<String, Object> e : values.entrySet()) {
                        ps.setObject(i++, e.getKey().equals("id") ? (long) row : e.getValue());
                    }
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(3, counts.length);
            }
            try (ResultSet rs = st.executeQuery("SELECT * FROM types_jdbc ORDER BY id")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertEquals(rows, rs.getLong("id"));
                    assertEquals(-8, rs.getByte("i8"));
                    assertEquals(-1600, rs.getShort("i16"));
                    assertEquals(-320000, rs.getInt("i32"));
                    assertEquals(-6400000000L, rs.getLong("i64"));
                    assertEquals(200, rs.getShort("u8"));
                    assertEquals(40000, rs.getInt("u16"));
                    assertEquals(4000000000L, rs.getLong("u32"));
                    assertEquals(new BigInteger("18000000000000000000"), rs.getObject("u64", BigInteger.class));
                    assertEquals(1.5f, rs.getFloat("f32"));
                    assertEquals(2.25, rs.getDouble("f64"));
                    assertEquals(0, new BigDecimal("12345.6789").compareTo(rs.getBigDecimal("dec")));
                    assertEquals("hello", rs.getString("s"));
                    assertEquals("ab", rs.getString("fs"));
                    assertEquals(uuid, rs.getObject("uuid", UUID.class));
                    assertTrue(rs.getBoolean("b"));
                    assertEquals(LocalDate.of(2024, 2, 29), rs.getObject("d", LocalDate.class));
                    assertEquals(LocalDate.of(1960, 1, 1), rs.getObject("d32", LocalDate.class));
                    assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5), rs.getObject("dt", LocalDateTime.class));
                    assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_000_000),
                            rs.getObject("dt64", LocalDateTime.class));
                    assertNull(rs.getString("ns"));
                    assertEquals("lc", rs.getString("lc"));
                    assertEquals("b", rs.getString("e"));
                    assertArrayEquals(new Object[] {1, 2, 3}, (Object[]) rs.getArray("arr").getArray());
                    Map<?, ?> m = (Map<?, ?>) rs.getObject("m");
                    assertEquals("7", String.valueOf(m.get("k")));
                    assertEquals("[5, t]", java.util.Arrays.toString(tuple(rs.getObject("tup"))));
                }
                assertEquals(3, rows);
            }
        }
    }

    private static Object[] tuple(Object value) throws SQLException {
        if (value instanceof java.sql.Array a) {
            return (Object[]) a.getArray();
        }
        if (value instanceof java.util.List<?> l) {
            return l.toArray();
        }
        return (Object[]) value;
    }

    @Test
    void shouldRaiseSqlExceptionsWithClickHouseCodesWhenStatementsFail() throws Exception {
        try (Connection c = connect(clickHouse.password()); Statement st = c.createStatement()) {
            assertEquals(60, assertThrows(SQLException.class,
                    () -> st.executeQuery("SELECT * FROM no_such_table")).getErrorCode());
            assertEquals(62, assertThrows(SQLException.class, () -> st.executeQuery("SELEC 1")).getErrorCode());
        }
        assertEquals(516, assertThrows(SQLException.class, () -> connect("wrong").createStatement()
                .executeQuery("SELECT 1")).getErrorCode());
    }
}
