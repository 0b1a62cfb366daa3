package io.chute.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void shouldEscapeBackticksAndBackslashesWhenQuoting() {
        assertEquals("`a\\`b`", Identifiers.quote("a`b"));
        assertEquals("`a\\\\b`", Identifiers.quote("a\\b"));
        assertEquals("`\\\\\\``", Identifiers.quote("\\`"), "an escaped back-quote must not end the name early");
    }

    @Test
    void shouldKeepDotsInsideOneQuotedNameWhenQuoting() {
        assertEquals("`db.events`", Identifiers.quote("db.events"));
        assertEquals("`db.events`", Identifiers.quoteIfNeeded("db.events"));
        assertEquals("`db`.`events`", Identifiers.qualified("db", "events"));
        assertEquals("`events`", Identifiers.qualified(null, "events"));
    }

    @Test
    void shouldQuoteUnicodeAndEmptyNamesWhenQuotingOnlyIfNeeded() {
        assertEquals("`événement`", Identifiers.quoteIfNeeded("événement"));
        assertEquals("`日付`", Identifiers.quote("日付"));
        assertEquals("``", Identifiers.quote(""));
        assertEquals("``", Identifiers.quoteIfNeeded(""));
    }

    @Test
    void shouldLeavePlainNamesBareWhenQuotingOnlyIfNeeded() {
        assertEquals("event_id", Identifiers.quoteIfNeeded("event_id"));
        assertEquals("_x9", Identifiers.quoteIfNeeded("_x9"));
        assertEquals("`9lives`", Identifiers.quoteIfNeeded("9lives"));
        assertEquals("`with space`", Identifiers.quoteIfNeeded("with space"));
        assertEquals("`event_id`", Identifiers.quote("event_id"));
    }

    @Test
    void shouldEscapeQuotesAndBackslashesWhenWritingALiteral() {
        assertEquals("'it\\'s'", Identifiers.literal("it's"));
        assertEquals("'C:\\\\dir'", Identifiers.literal("C:\\dir"));
        assertEquals("''", Identifiers.literal(""));
        assertEquals("'Europe/Zürich'", Identifiers.literal("Europe/Zürich"));
    }
}
