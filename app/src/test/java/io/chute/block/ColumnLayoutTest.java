package io.chute.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The layout contract: {@code sameColumns} decides block cuts, {@code equals} (version too) decides currency. */
class ColumnLayoutTest {

    @Test
    void shouldShareBlockButNotBeCurrentWhenVersionMovedWithSameColumns() {
        ColumnLayout v1 = ColumnLayout.of(1, List.of("id", "amount"));
        ColumnLayout v2 = ColumnLayout.of(2, List.of("id", "amount"));

        assertTrue(v1.sameColumns(v2), "rows of both fit one block");
        assertNotEquals(v1, v2, "a plan compiled for v1 is not current at v2");
    }

    @Test
    void shouldBeEqualWhenSameVersionAndColumnsInAnotherInstance() {
        ColumnLayout a = ColumnLayout.of(3, List.of("id", "amount"));
        ColumnLayout b = ColumnLayout.of(3, new ArrayList<>(List.of("id", "amount")));

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void shouldNotShareBlockWhenColumnsDifferInNamesOrOrder() {
        ColumnLayout base = ColumnLayout.of(1, List.of("id", "amount"));

        assertFalse(base.sameColumns(ColumnLayout.of(1, List.of("amount", "id"))));
        assertFalse(base.sameColumns(ColumnLayout.of(2, List.of("id", "amount", "added"))));
        assertFalse(base.sameColumns(ColumnLayout.NONE));
    }

    @Test
    void shouldKeepItsColumnsWhenCallerMutatesItsList() {
        List<String> names = new ArrayList<>(List.of("id"));
        ColumnLayout layout = ColumnLayout.of(1, names);
        names.add("late");

        assertEquals(List.of("id"), layout.names());
        assertThrows(UnsupportedOperationException.class, () -> layout.names().add("x"));
    }

    @Test
    void shouldRefuseOtherColumnsButAcceptNewVersionWhenBuilderHasRows() {
        BlockBuilder builder = new BlockBuilder("ns", "t", "topic", 0, BlockLimits.defaults(), () -> 0L);
        builder.layout(ColumnLayout.of(1, List.of("id")));
        builder.append(0, new byte[] {1}, 0, 1);

        builder.layout(ColumnLayout.of(2, List.of("id")));
        assertThrows(IllegalStateException.class, () -> builder.layout(ColumnLayout.of(2, List.of("id", "added"))));
        assertEquals(List.of("id"), builder.build().columns());
    }
}
