package io.chute.state;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Ledger values as small JSON objects; unknown fields are ignored so newer writers stay readable. */
public final class LedgerCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LedgerCodec() {
    }

    public static byte[] encode(LedgerEntry entry) {
        try {
            return MAPPER.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + entry, e);
        }
    }

    /** @throws LedgerException on malformed JSON */
    public static LedgerEntry decode(byte[] json) {
        try {
            return MAPPER.readValue(json, LedgerEntry.class);
        } catch (IOException e) {
            throw new LedgerException("malformed ledger entry", e);
        }
    }
}
