package io.chute.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The chain rules on {@code system.tables} rows as ClickHouse reports them (create_table_query text, dependencies),
 * including the Replicated engines the local engine cannot run.
 */
class DedupChainTest {
    private static final Map<String, Long> DEFAULTS = Map.of(DedupWindow.NON_REPLICATED, 0L,
            DedupWindow.REPLICATED, 10000L, DedupWindow.REPLICATED_SECONDS, 3600L);

    private final Map<String, DedupChain.TableFacts> tables = new HashMap<>();

    private void table(String name, String engine, String settings, String... views) {
        tables.put(name, new DedupChain.TableFacts(new DedupChain.Name("db", name), engine,
                "CREATE TABLE db." + name + " (`k` UInt64) ENGINE = " + engine + " ORDER BY k"
                        + (settings.isEmpty() ? "" : " SETTINGS " + settings),
                "u-" + name, java.util.Arrays.stream(views).map(v -> new DedupChain.Name("db", v)).toList()));
    }

    private void view(String name, String to) {
        tables.put(name, new DedupChain.TableFacts(new DedupChain.Name("db", name), "MaterializedView",
                "CREATE MATERIALIZED VIEW db." + name + " TO " + to + " (`k` UInt64) AS SELECT k FROM db.src",
                "u-" + name, List.of()));
    }

    private List<String> problems(String table, long minSeconds) {
        return new DedupChain(new DedupChain.Catalog() {
            @Override
            public DedupChain.TableFacts table(String database, String name) {
                return tables.get(name);
            }

            @Override
            public Map<String, Long> mergeTreeDefaults() {
                return DEFAULTS;
            }
        }, minSeconds).problems("db", table);
    }

    @Test
    void shouldPassWhenEveryTableOnTheChainDeduplicates() {
        table("src", "MergeTree", "non_replicated_deduplication_window = 100", "mv_copy", "mv_agg");
        view("mv_copy", "db.copy");
        view("mv_agg", "`db`.`agg`");
        table("copy", "MergeTree", "non_replicated_deduplication_window = 100");
        table("agg", "SummingMergeTree", "index_granularity = 8192, non_replicated_deduplication_window = 5");
        assertEquals(List.of(), problems("src", 3600));
    }

    @Test
    void shouldNameTheViewTargetAndSettingWhenATargetHasNoWindow() {
        table("src", "MergeTree", "non_replicated_deduplication_window = 100", "mv_copy");
        view("mv_copy", "db.copy");
        table("copy", "MergeTree", "");
        List<String> problems = problems("src", 3600);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("db.copy") && problems.get(0).contains("mv_copy")
                && problems.get(0).contains("ALTER TABLE db.copy MODIFY SETTING non_replicated_deduplication_window"),
                problems.get(0));
    }

    @Test
    void shouldRefuseWhenAReplicatedSecondsWindowIsBelowTheBound() {
        table("events", "ReplicatedMergeTree", "replicated_deduplication_window_seconds = 600");
        List<String> problems = problems("events", 3600);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("replicated_deduplication_window_seconds = 600")
                && problems.get(0).contains("dedup.window.min.seconds = 3600"), problems.get(0));
        assertEquals(List.of(), problems("events", 600), "at the bound it passes");
    }

    @Test
    void shouldUseTheServerDefaultSecondsWindowWhenTheTableDoesNotSetIt() {
        table("events", "SharedMergeTree", "");
        assertEquals(List.of(), problems("events", 3600));
        assertEquals(1, problems("events", 7200).size());
    }

    @Test
    void shouldCheckAReplicatedViewTargetsSecondsWindowWhenReachedThroughANullSource() {
        table("landing", "Null", "", "mv");
        view("mv", "db.target");
        table("target", "ReplicatedAggregatingMergeTree",
                "replicated_deduplication_window = 100, replicated_deduplication_window_seconds = 60");
        List<String> problems = problems("landing", 3600);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("db.target"), problems.get(0));
    }

    @Test
    void shouldRefuseEnginesThatCannotDeduplicateAnywhereOnTheChain() {
        table("buf", "Buffer", "");
        assertTrue(problems("buf", 0).get(0).contains("engine Buffer"));
        table("src", "MergeTree", "non_replicated_deduplication_window = 100", "mv");
        view("mv", "db.mem");
        table("mem", "Memory", "");
        assertTrue(problems("src", 0).get(0).contains("db.mem"), problems("src", 0).toString());
    }

    @Test
    void shouldRefuseANullTableWhenNoViewReadsIt() {
        table("landing", "Null", "");
        assertTrue(problems("landing", 0).get(0).contains("would vanish"));
    }

    @Test
    void shouldFollowAViewWithoutToIntoItsInnerTable() {
        table("src", "MergeTree", "non_replicated_deduplication_window = 100", "mv");
        tables.put("mv", new DedupChain.TableFacts(new DedupChain.Name("db", "mv"), "MaterializedView",
                "CREATE MATERIALIZED VIEW db.mv (`k` UInt64) ENGINE = MergeTree ORDER BY k AS SELECT k FROM db.src",
                "1234", List.of()));
        table(".inner_id.1234", "MergeTree", "");
        List<String> problems = problems("src", 0);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(".inner_id.1234"), problems.get(0));
    }

    @Test
    void shouldListEveryProblemWhenRequired() {
        table("src", "MergeTree", "", "mv");
        view("mv", "db.copy");
        table("copy", "Log", "");
        FatalSinkException e = assertThrows(FatalSinkException.class, () -> new DedupChain(
                new DedupChain.Catalog() {
                    @Override
                    public DedupChain.TableFacts table(String database, String name) {
                        return tables.get(name);
                    }

                    @Override
                    public Map<String, Long> mergeTreeDefaults() {
                        return DEFAULTS;
                    }
                }, 0).require("db", "src"));
        assertTrue(e.getMessage().contains("db.src") && e.getMessage().contains("engine Log"), e.getMessage());
    }
}
