package io.chute.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;

import io.chute.block.ColumnLayout;
import io.chute.mapping.DirectRowEncoder;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.routing.Router;
import io.chute.serde.WireFormat;
import io.chute.validation.ValidatorConfig;

/**
 * One task's fast path. Once a record of a (topic, schema id) has passed the generic path (validated, routed and
 * encoded for every table), later records of that pair are encoded from their Avro bytes directly into rows by
 * {@link DirectRowEncoder}s, without Avro objects.
 *
 * <p>Why that is the same outcome: a schema id's subject and compatibility verdicts are fixed once passed; routing
 * depends only on topic, subject and schema unless a route matches a field's value; with no field rules and no
 * reader schema nothing else looks at values. So the fast path is off when the config has field rules, a reader
 * schema or value-matching routes. A record the direct encoders do not take (malformed, a value out of range, a
 * null without default) and a plan whose table layout moved fall back to the generic path, which decides. Not
 * thread-safe (one per task).
 */
final class FastRows {
    private static final int MAX_PLANS_PER_TOPIC = 4096;

    /**
     * Rows of one (topic, schema id): its tables, their column lists, encoders and position columns (appended after
     * each row, as on the generic path); no encoders: no fast path.
     */
    record Plan(List<String> tables, List<ColumnLayout> columns, DirectRowEncoder[] encoders,
                PositionColumns[] positions) {
    }

    private final TableEncoders encoders;
    private final boolean enabled;
    private final int maxValueBytes;
    private final Map<String, Map<Integer, Plan>> plans = new HashMap<>();
    /** The plan found last: consecutive records almost always share it (no map lookups, no id boxing). */
    private String lastTopic;
    private int lastId;
    private Plan lastPlan;

    FastRows(TableEncoders encoders, ValidatorConfig config, Router router) {
        this.encoders = encoders;
        this.enabled = config.readerSchema() == null && config.rules().isEmpty() && !router.readsFieldValues();
        this.maxValueBytes = config.maxValueBytes();
    }

    /**
     * Appends the record's row for each table of its plan to {@code out} (the end of row i in {@code rowEnds[i]}).
     *
     * @return the plan, or null with {@code out} unchanged: take the generic path
     */
    Plan encode(String topic, int partition, long offset, long timestamp, byte[] value, RowBinaryBuffer out,
                int[] rowEnds) {
        if (!enabled || value == null || value.length > maxValueBytes) {
            return null;
        }
        WireFormat.Frame frame;
        try {
            frame = WireFormat.parse(value, 0, value.length);
        } catch (WireFormat.NotWireFormatException e) {
            return null;
        }
        Plan plan = plan(topic, frame.schemaId());
        if (plan == null || plan.encoders() == null || plan.tables().size() > rowEnds.length) {
            return null;
        }
        int mark = out.mark();
        for (int i = 0; i < plan.encoders().length; i++) {
            if (!encoders.isCurrent(plan.tables().get(i), plan.columns().get(i))) {
                forget(topic, frame.schemaId()); // the table changed: learn again from the generic path
                out.reset(mark);
                return null;
            }
            if (!plan.encoders()[i].encode(value, frame.payloadOffset(), frame.payloadLength(), out)) {
                out.reset(mark);
                return null;
            }
            PositionColumns positions = plan.positions()[i];
            if (!positions.isEmpty()) {
                positions.write(topic, partition, offset, timestamp, out);
            }
            rowEnds[i] = out.size();
        }
        return plan;
    }

    /** Records what the generic path did with a valid record of (topic, schema id): every table encoded. */
    void learn(String topic, int schemaId, Schema writer, List<String> tables, List<ColumnLayout> columns) {
        if (!enabled) {
            return;
        }
        Map<Integer, Plan> byId = plans.computeIfAbsent(topic, t -> new HashMap<>());
        if (byId.containsKey(schemaId)) {
            return;
        }
        if (byId.size() >= MAX_PLANS_PER_TOPIC) {
            byId.clear();
            lastPlan = null;
        }
        DirectRowEncoder[] direct = new DirectRowEncoder[tables.size()];
        PositionColumns[] positions = new PositionColumns[tables.size()];
        for (int i = 0; i < direct.length; i++) {
            if (!encoders.isCurrent(tables.get(i), columns.get(i))) {
                return; // the table moved meanwhile: learn from a later record
            }
            positions[i] = encoders.positions(tables.get(i));
            direct[i] = encoders.direct(tables.get(i), writer);
            if (direct[i] == null) {
                direct = null;
                break;
            }
        }
        byId.put(schemaId, new Plan(List.copyOf(tables), List.copyOf(columns), direct, positions));
    }

    private Plan plan(String topic, int schemaId) {
        if (topic == lastTopic && schemaId == lastId && lastPlan != null) { // identity: a cheap hit test
            return lastPlan;
        }
        Map<Integer, Plan> byId = plans.get(topic);
        Plan plan = byId == null ? null : byId.get(schemaId);
        if (plan != null) {
            lastTopic = topic;
            lastId = schemaId;
            lastPlan = plan;
        }
        return plan;
    }

    private void forget(String topic, int schemaId) {
        Map<Integer, Plan> byId = plans.get(topic);
        if (byId != null) {
            byId.remove(schemaId);
        }
        lastPlan = null;
    }
}
