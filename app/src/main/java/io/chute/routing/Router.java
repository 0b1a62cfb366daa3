package io.chute.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.avro.generic.GenericRecord;

import io.chute.config.RouteConfig;

/**
 * Decides which tables a valid record lands in. Pure: no Kafka, no I/O.
 *
 * <p>Every matching route contributes its table (fan-out), in route-name order, without repeats. When no route
 * matches, the default table is used if configured; otherwise the result is empty and the caller dead-letters the
 * record as {@code no_route} ({@code Reason.NO_ROUTE}).
 */
public final class Router {
    private final List<RouteConfig> routes;
    private final String defaultTable;

    public Router(List<RouteConfig> routes, String defaultTable) {
        this.routes = List.copyOf(routes);
        this.defaultTable = defaultTable == null ? "" : defaultTable;
    }

    public List<String> route(String topic, String subject, GenericRecord record) {
        List<String> tables = new ArrayList<>(2);
        for (RouteConfig route : routes) {
            if (matches(route, topic, subject, record) && !tables.contains(route.table())) {
                tables.add(route.table());
            }
        }
        if (tables.isEmpty() && !defaultTable.isEmpty()) {
            tables.add(defaultTable);
        }
        return tables;
    }

    /**
     * True when some route matches on a field's value ({@code match.field}): then routing depends on more than
     * the topic, subject and record schema, and every record must be decoded to route it.
     */
    public boolean readsFieldValues() {
        for (RouteConfig route : routes) {
            if (route.matchField() != null) {
                return true;
            }
        }
        return false;
    }

    /** Every table a record of {@code topic} could land in: what the sink must check at start. */
    public List<String> tablesFor(String topic) {
        List<String> tables = new ArrayList<>();
        for (RouteConfig route : routes) {
            if (route.topics().contains(topic) && !tables.contains(route.table())) {
                tables.add(route.table());
            }
        }
        if (!defaultTable.isEmpty() && !tables.contains(defaultTable)) {
            tables.add(defaultTable);
        }
        return tables;
    }

    private static boolean matches(RouteConfig route, String topic, String subject, GenericRecord record) {
        if (!route.topics().contains(topic)) {
            return false;
        }
        if (route.matchRecord() != null && !route.matchRecord().equals(record.getSchema().getFullName())) {
            return false;
        }
        if (route.matchSubject() != null && !route.matchSubject().equals(subject)) {
            return false;
        }
        if (route.matchField() != null) {
            if (record.getSchema().getField(route.matchField()) == null) {
                return false;
            }
            Object value = record.get(route.matchField());
            return value != null && Objects.equals(route.matchValue(), value.toString());
        }
        return true;
    }
}
