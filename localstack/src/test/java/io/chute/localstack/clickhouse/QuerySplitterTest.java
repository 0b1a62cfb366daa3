package io.chute.localstack.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.chute.localstack.clickhouse.QuerySplitter.Kind;
import io.chute.localstack.clickhouse.QuerySplitter.Split;

class QuerySplitterTest {

    private static Split split(String text, boolean eof) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return QuerySplitter.split(b, b.length, eof);
    }

    @Test
    void shouldSplitDataAfterNewlineWhenInsertHasFormat() {
        String text = "INSERT INTO t (a, b) FORMAT RowBinary\n\u0001\n\n\u0000";
        Split s = split(text, false);
        assertEquals(Kind.INSERT_DATA, s.kind());
        assertEquals("RowBinary", s.format());
        assertEquals("INSERT INTO t (a, b) ", text.substring(0, s.queryEnd()));
        assertEquals(text.indexOf('\n') + 1, s.dataStart());
    }

    @Test
    void shouldStartDataAfterBlanksWhenFormatNameIsFollowedByInlineData() {
        String text = "insert into t format CSV  1,2";
        Split s = split(text, true);
        assertEquals("CSV", s.format());
        assertEquals("1,2", text.substring(s.dataStart()));
    }

    @Test
    void shouldTreatValuesAsInsertDataInValuesFormat() {
        String text = "INSERT INTO t VALUES (1, 'x\n\ny')";
        Split s = split(text, true);
        assertEquals(Kind.INSERT_DATA, s.kind());
        assertEquals("Values", s.format());
        assertEquals(" (1, 'x\n\ny')", text.substring(s.dataStart()));
    }

    @Test
    void shouldIgnoreFormatWordsInsideStringsCommentsAndParenthesesWhenSplitting() {
        String text = "INSERT INTO FUNCTION file('FORMAT x', 'CSV') /* FORMAT y */ -- VALUES\n"
                + " SETTINGS insert_deduplication_token = 'FORMAT z' FORMAT TSV\nd";
        Split s = split(text, true);
        assertEquals("TSV", s.format());
        assertEquals("d", text.substring(s.dataStart()));
    }

    @Test
    void shouldReturnWholeQueryWhenInsertSelects() {
        Split s = split("INSERT INTO t SELECT * FROM u FORMAT Values", true);
        assertEquals(Kind.QUERY, s.kind());
    }

    @Test
    void shouldReportTrailingFormatWhenSelectHasFormatClause() {
        Split s = split("SELECT 'FORMAT CSV' FORMAT JSONEachRow", true);
        assertEquals(Kind.QUERY, s.kind());
        assertEquals("JSONEachRow", s.format());
        assertNull(split("SELECT 1", true).format());
    }

    @Test
    void shouldAskForMoreWhenTextEndsBeforeTheDecision() {
        assertEquals(Kind.NEED_MORE, split("INSERT INTO t FORM", false).kind());
        assertEquals(Kind.NEED_MORE, split("INSERT INTO t FORMAT Row", false).kind());
        assertEquals(Kind.NEED_MORE, split("SELECT 1", false).kind());
        assertEquals(Kind.QUERY, split("SELECT 1", true).kind());
    }
}
