package io.chute.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroDecoderTest {
    private static final Schema SCHEMA = SchemaBuilder.record("R").fields()
            .requiredString("s").requiredLong("n").optionalString("o").endRecord();

    private static byte[] encode(String s, long n, String o) throws IOException {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("s", s);
        r.put("n", n);
        r.put("o", o);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(SCHEMA).write(r, enc);
        enc.flush();
        return out.toByteArray();
    }

    private static GenericRecord decode(AvroDecoder decoder, byte[] bytes) throws IOException {
        return (GenericRecord) decoder.decode(bytes, 0, bytes.length, SCHEMA, null);
    }

    @Test
    void shouldReturnFreshDatumsWhenNotReusing() throws IOException {
        AvroDecoder decoder = new AvroDecoder();
        GenericRecord first = decode(decoder, encode("a", 1, "x"));
        GenericRecord second = decode(decoder, encode("bb", 2, null));
        assertNotSame(first, second);
        assertEquals("a", first.get("s").toString());
        assertEquals("x", first.get("o").toString());
    }

    @Test
    void shouldDecodeEachRecordExactlyWhenReusingDatums() throws IOException {
        AvroDecoder decoder = new AvroDecoder(true);
        GenericRecord first = decode(decoder, encode("a long first string", 1, "x"));
        assertEquals("a long first string", first.get("s").toString());
        GenericRecord second = decode(decoder, encode("b", 2, null));
        assertSame(first, second);
        assertEquals("b", second.get("s").toString());
        assertEquals(2L, second.get("n"));
        assertEquals(null, second.get("o"));
        GenericRecord third = decode(decoder, encode("cc", 3, "yy"));
        assertEquals("cc", third.get("s").toString());
        assertEquals("yy", third.get("o").toString());
    }

    @Test
    void shouldDecodeTheNextRecordCleanlyWhenOneFailedHalfWay() throws IOException {
        AvroDecoder decoder = new AvroDecoder(true);
        decode(decoder, encode("first", 1, "x"));
        byte[] whole = encode("truncated", 5, "zzz");
        byte[] cut = java.util.Arrays.copyOf(whole, 6);
        assertThrows(IOException.class, () -> decode(decoder, cut));
        GenericRecord next = decode(decoder, encode("next", 7, null));
        assertEquals("next", next.get("s").toString());
        assertEquals(7L, next.get("n"));
        assertEquals(null, next.get("o"));
    }

    @Test
    void shouldRejectTrailingBytesWhenReusingDatums() throws IOException {
        AvroDecoder decoder = new AvroDecoder(true);
        byte[] ok = encode("a", 1, null);
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertThrows(AvroDecoder.TrailingBytesException.class, () -> decode(decoder, longer));
    }
}
