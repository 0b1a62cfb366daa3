package io.chute.mapping;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Random instances of the pairs of {@link TypeMappings}, for the property tests that walk it: an Avro schema of the
 * pair's Avro type, a ClickHouse column type of its family, and values (mostly ordinary, some at the edges).
 */
public final class TypeSamples {
    private static int names;

    private TypeSamples() {
    }

    /** A non-union Avro schema of {@code pair.avro()} that the pair can take (fixed(16) for UUID). */
    public static Schema avro(TypeMappings.Pair pair, Random random) {
        String key = pair.avro();
        String base = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
        String logical = key.contains("/") ? key.substring(key.indexOf('/') + 1) : null;
        String name = "\"name\":\"N" + (++names) + "\",\"namespace\":\"samples\"";
        String json = switch (key) {
            case "bytes/decimal" -> decimal("\"bytes\"", 1 + random.nextInt(38), random);
            case "fixed/decimal" -> decimal("\"fixed\"," + name + ",\"size\":8", 1 + random.nextInt(18), random);
            case "fixed/uuid" -> "{\"type\":\"fixed\"," + name + ",\"size\":16,\"logicalType\":\"uuid\"}";
            case "fixed/duration" -> "{\"type\":\"fixed\"," + name + ",\"size\":12,\"logicalType\":\"duration\"}";
            case "fixed" -> "{\"type\":\"fixed\"," + name + ",\"size\":" + (pair.clickHouse().equals("UUID")
                    || random.nextInt(3) == 0 ? 16 : 1 + random.nextInt(6)) + "}";
            case "enum" -> "{\"type\":\"enum\"," + name + ",\"symbols\":[\"A\",\"B\",\"C\"]}";
            default -> logical == null ? "\"" + base + "\""
                    : "{\"type\":\"" + base + "\",\"logicalType\":\"" + logical + "\"}";
        };
        Schema s = new Schema.Parser().parse(json);
        if (!TypeMappings.avroKey(s).equals(key)) {
            throw new IllegalStateException("sample of " + key + " is " + TypeMappings.avroKey(s));
        }
        return s;
    }

    /** A ClickHouse type of {@code pair.clickHouse()} (flat families only: no Array, Map, Tuple). */
    public static ClickHouseType column(TypeMappings.Pair pair, Schema avro, Random random) {
        String text = switch (pair.clickHouse()) {
            case "Decimal" -> {
                int p = 1 + random.nextInt(random.nextBoolean() ? 18 : 76);
                yield "Decimal(" + p + ", " + random.nextInt(p + 1) + ")";
            }
            case "FixedString" -> "FixedString(" + (avro.getType() == Schema.Type.FIXED && random.nextBoolean()
                    ? avro.getFixedSize() : 1 + random.nextInt(40)) + ")";
            case "DateTime" -> random.nextBoolean() ? "DateTime" : "DateTime('UTC')";
            case "DateTime64" -> "DateTime64(" + random.nextInt(10) + (random.nextBoolean() ? ", 'UTC')" : ")");
            case "Enum" -> random.nextBoolean() ? "Enum8('A' = 1, 'B' = -3, 'C' = 127)"
                    : random.nextBoolean() ? "Enum16('B' = 1000, 'A' = -1000)" : "Enum8('C' = 5, 'A' = 6, 'B' = 7)";
            case "Array", "Map", "Tuple" -> throw new IllegalArgumentException("not flat: " + pair);
            default -> pair.clickHouse();
        };
        return ClickHouseTypeParser.parse(text);
    }

    /** A random value of {@code s} as Avro's generic model holds it (logical types as their base type). */
    public static Object value(Schema s, Random random) {
        boolean extreme = random.nextInt(5) == 0;
        switch (s.getType()) {
            case INT:
                return extreme ? (random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                        : random.nextInt(random.nextBoolean() ? 400 : 40_000) - 200;
            case LONG:
                return extreme ? random.nextLong() : random.nextBoolean() ? 1_700_000_000_000L
                        + random.nextInt(1_000_000) : (long) random.nextInt(400) - 200;
            case DOUBLE:
                return extreme ? Double.NaN : random.nextDouble() * 1e6;
            case FLOAT:
                return extreme ? Float.NEGATIVE_INFINITY : random.nextFloat();
            case BOOLEAN:
                return random.nextBoolean();
            case STRING:
                return switch (random.nextInt(5)) {
                    case 0 -> UUID.randomUUID().toString();
                    case 1 -> "DE";
                    case 2 -> "ünïcødé " + random.nextInt();
                    case 3 -> List.of("A", "B", "C", "2024-02-29").get(random.nextInt(4));
                    default -> "";
                };
            case BYTES:
                byte[] b = new byte[1 + random.nextInt(extreme ? 20 : 5)];
                random.nextBytes(b);
                return ByteBuffer.wrap(b);
            case FIXED:
                byte[] f = new byte[s.getFixedSize()];
                random.nextBytes(f);
                return new GenericData.Fixed(s, f);
            case ENUM:
                return new GenericData.EnumSymbol(s, s.getEnumSymbols().get(random.nextInt(3)));
            default:
                throw new IllegalArgumentException(s.toString());
        }
    }

    private static String decimal(String base, int precision, Random random) {
        return "{\"type\":" + base + ",\"logicalType\":\"decimal\",\"precision\":" + precision + ",\"scale\":"
                + random.nextInt(precision + 1) + "}";
    }
}
