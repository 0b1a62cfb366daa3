package io.chute.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void shouldPointIntoOriginalArrayWhenParsingAtAnOffset() throws Exception {
        byte[] framed = WireFormat.frame(0x01020304, new byte[] {9, 8, 7});
        byte[] padded = new byte[framed.length + 4];
        System.arraycopy(framed, 0, padded, 2, framed.length);

        WireFormat.Frame frame = WireFormat.parse(padded, 2, framed.length);

        assertEquals(0x01020304, frame.schemaId());
        assertSame(padded, frame.array());
        assertEquals(7, frame.payloadOffset());
        assertEquals(3, frame.payloadLength());
    }

    @Test
    void shouldWriteMagicAndBigEndianIdWhenEncoding() {
        byte[] bytes = WireFormat.encode(258, Schema.create(Schema.Type.INT), 1);

        assertArrayEquals(new byte[] {0, 0, 0, 1, 2, 2}, bytes);
    }

    @Test
    void shouldRejectWhenValueIsNullShortOrHasWrongMagic() {
        assertThrows(WireFormat.NotWireFormatException.class, () -> WireFormat.parse(null));
        assertThrows(WireFormat.NotWireFormatException.class, () -> WireFormat.parse(new byte[] {0, 0, 0, 1}));
        assertThrows(WireFormat.NotWireFormatException.class, () -> WireFormat.parse(new byte[] {1, 0, 0, 0, 1}));
    }
}
