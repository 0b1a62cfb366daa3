package io.chute.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mapping from writer schemas to tables loses, per process: Avro field paths no column receives (INFO once
 * per (table, schema id, paths), counted in {@code chute.fields.dropped}), and writer schemas no record of which can
 * land in a table (WARN once, gauge {@code chute.schemas.unmappable}, and a degraded reason on
 * {@code /health/ready}). Thread-safe; shared by every stream task.
 */
public final class MappingReport {
    private static final Logger LOG = LoggerFactory.getLogger(MappingReport.class);
    private final ChuteMetrics metrics;
    private final Set<String> reportedDrops = ConcurrentHashMap.newKeySet();
    private final Map<String, String> unmappable = new ConcurrentHashMap<>();

    MappingReport(ChuteMetrics metrics) {
        this.metrics = metrics;
        metrics.registry().gaugeMapSize(ChuteMetric.SCHEMAS_UNMAPPABLE.metricName(), List.of(), unmappable);
    }

    /** Records of {@code schemaId} lose {@code paths} on their way into {@code table} ({@code why}: the cause). */
    public void dropped(String table, int schemaId, String writer, List<String> paths, String why) {
        if (paths.isEmpty() || !reportedDrops.add(table + '\u0000' + schemaId + '\u0000' + paths)) {
            return;
        }
        LOG.info("table {}: records of schema id {} ({}) lose field(s) {}: {}", table, schemaId, writer, paths, why);
        metrics.counter(ChuteMetric.FIELDS_DROPPED, "table", table).increment(paths.size());
    }

    /** No record of {@code schemaId} can land in {@code table}: every one is dead-lettered {@code mapping_failed}. */
    public void unmappable(String table, int schemaId, String reason) {
        if (unmappable.putIfAbsent(key(table, schemaId), reason) == null) {
            LOG.warn("table {} cannot take any record of schema id {}: every one is dead-lettered as mapping_failed;"
                    + " fix the table or the schema: {}", table, schemaId, reason);
        }
    }

    /** Records of {@code schemaId} map onto {@code table} again (e.g. after a column was added). */
    public void mapped(String table, int schemaId) {
        if (!unmappable.isEmpty() && unmappable.remove(key(table, schemaId)) != null) {
            LOG.info("table {} takes records of schema id {} again", table, schemaId);
        }
    }

    /** One line per (table, schema id) that cannot land, for {@code /health/ready}. */
    public List<String> unmappableReasons() {
        List<String> out = new ArrayList<>();
        unmappable.forEach((key, reason) -> out.add(key + ": " + reason));
        out.sort(null);
        return out;
    }

    private static String key(String table, int schemaId) {
        return "table " + table + ", schema id " + schemaId;
    }
}
