package io.chute.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;

import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.chute.dlq.Reason;

/** A tiny payload that announces a huge string or collection must be rejected without a huge allocation. */
class HostileLengthTest {
    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"H","fields":[
              {"name":"s","type":{"type":"array","items":"string"}}]}""");

    private static byte[] payload(long announced, boolean asArrayCount) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 1});
        if (!asArrayCount) {
            writeZigZag(1, out); // one array element: the string
        }
        writeZigZag(announced, out);
        out.writeBytes(new byte[] {1, 2, 3});
        return out.toByteArray();
    }

    private static void writeZigZag(long v, ByteArrayOutputStream out) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
    }

    @ParameterizedTest
    @ValueSource(longs = {200_000_000L, 1_500_000_000L, Long.MAX_VALUE / 2})
    void shouldRejectWithoutHugeAllocationWhenLengthPrefixIsHuge(long announced) throws Exception {
        InMemorySchemaSource source = new InMemorySchemaSource().put(1, SCHEMA, "h-value");
        RecordValidator validator = new RecordValidator(ValidatorConfig.defaults(), source);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        for (boolean asArrayCount : new boolean[] {false, true}) {
            long before = threads.getCurrentThreadAllocatedBytes();
            Rejection r = assertInstanceOf(Rejection.class, validator.validate("h", payload(announced, asArrayCount)));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertEquals(Reason.DECODE_FAILED, r.reason());
            assertTrue(allocated < 16_000_000, "allocated " + allocated + " bytes for " + r.message());
        }
    }
}
