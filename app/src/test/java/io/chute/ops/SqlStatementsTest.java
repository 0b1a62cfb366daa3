package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void shouldSplitAtSemicolonsOutsideQuotesAndCommentsWhenScriptHasSeveral() {
        String script = """
                -- create; the table
                CREATE TABLE t (s String DEFAULT 'a;b') ENGINE = Memory;
                /* a ; comment */ INSERT INTO t VALUES ('it\\'s;'), ("x;y");
                ALTER TABLE `we;ird` ADD COLUMN c Int8;

                """;
        assertEquals(List.of("CREATE TABLE t (s String DEFAULT 'a;b') ENGINE = Memory",
                "INSERT INTO t VALUES ('it\\'s;'), (\"x;y\")", "ALTER TABLE `we;ird` ADD COLUMN c Int8"),
                SqlStatements.split(script));
    }

    @Test
    void shouldKeepTheLastStatementWhenItHasNoSemicolon() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), SqlStatements.split("SELECT 1;\nSELECT 2\n"));
    }

    @Test
    void shouldFailWhenAQuoteIsUnterminated() {
        assertThrows(IllegalArgumentException.class, () -> SqlStatements.split("SELECT 'oops"));
    }
}
