package io.chute.localstack.clickhouse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A table with one column of every common ClickHouse type, and one row of values for it. */
final class TypesTable {
    static final String DDL = "CREATE TABLE types (id UInt32, i8 Int8, i16 Int16, i32 Int32, i64 Int64, "
            + "u8 UInt8, u16 UInt16, u32 UInt32, u64 UInt64, f32 Float32, f64 Float64, dec Decimal(18, 4), "
            + "s String, fs FixedString(2), uuid UUID, b Bool, d Date, d32 Date32, dt DateTime, dt64 DateTime64(3), "
            + "ns Nullable(String), lc LowCardinality(String), e Enum8('a' = 1, 'b' = 2), arr Array(Int32), "
            + "m Map(String, UInt64), tup Tuple(Int32, String)) ENGINE = MergeTree ORDER BY id";

    private TypesTable() {
    }

    static Map<String, Object> values(UUID uuid) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", 1L);
        v.put("i8", (byte) -8);
        v.put("i16", (short) -1600);
        v.put("i32", -320000);
        v.put("i64", -6400000000L);
        v.put("u8", (short) 200);
        v.put("u16", 40000);
        v.put("u32", 4000000000L);
        v.put("u64", new BigInteger("18000000000000000000"));
        v.put("f32", 1.5f);
        v.put("f64", 2.25);
        v.put("dec", new BigDecimal("12345.6789"));
        v.put("s", "hello");
        v.put("fs", "ab");
        v.put("uuid", uuid);
        v.put("b", true);
        v.put("d", LocalDate.of(2024, 2, 29));
        v.put("d32", LocalDate.of(1960, 1, 1));
        v.put("dt", LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        v.put("dt64", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 678_000_000));
        v.put("ns", null);
        v.put("lc", "lc");
        v.put("e", "b");
        v.put("arr", List.of(1, 2, 3));
        v.put("m", Map.of("k", 7L));
        v.put("tup", List.of(5, "t"));
        return v;
    }
}
