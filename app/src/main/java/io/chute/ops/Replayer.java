package io.chute.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import io.chute.config.ChuteConfig;
import io.chute.config.KafkaClientProps;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerSnapshot;
import io.chute.state.LedgerState;

/**
 * Plans and performs {@code chute replay}: resets the application's committed offsets and, for {@code --reingest},
 * rewinds one table's ledger marks. Every step refuses (with {@link OpsException}) while the group has members.
 */
public final class Replayer implements AutoCloseable {
    private static final long TIMEOUT_S = 30;

    private final ChuteConfig config;
    private final Map<String, Object> clientProps;
    private final Admin admin;

    public Replayer(ChuteConfig config) {
        this.config = config;
        this.clientProps = KafkaClientProps.common(config);
        this.admin = Admin.create(clientProps);
    }

    /** Client ids and hosts of the group's current members (empty when no instance runs). */
    public List<String> activeMembers() {
        try {
            return await(admin.describeConsumerGroups(List.of(config.applicationId())).all())
                    .get(config.applicationId()).members().stream()
                    .map(m -> m.clientId() + m.host()).toList();
        } catch (GroupIdNotFoundException e) {
            return List.of();
        }
    }

    /**
     * Computes the new offsets and reads the ledger marks.
     *
     * @param topic         only this source topic, or null for all of {@code source.topics}
     * @param reingestTable table whose marks will be rewound, or null
     * @throws OpsException on an unknown topic or partition, an offset outside the log, or an interrupted
     *                      (INTENT) block of the reingested table
     */
    public ReplayPlan plan(OffsetTarget target, String topic, String reingestTable) {
        List<String> topics = topics(target, topic);
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription d : await(admin.describeTopics(topics).allTopicNames()).values()) {
            d.partitions().stream().filter(p -> target.covers(p.partition()))
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
        }
        if (partitions.isEmpty()) {
            throw new OpsException("partition " + target.partition() + " does not exist in " + topics);
        }
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> targets = targets(target, partitions, start, end);
        Map<TopicPartition, OffsetAndMetadata> committed = await(admin.listConsumerGroupOffsets(
                config.applicationId()).partitionsToOffsetAndMetadata());
        Map<LedgerKey, LedgerEntry> ledger = ledger();
        List<ReplayPlan.Step> steps = new ArrayList<>();
        partitions.sort((a, b) -> a.toString().compareTo(b.toString()));
        for (TopicPartition tp : partitions) {
            Map<String, LedgerEntry> marks = new HashMap<>();
            ledger.forEach((k, v) -> {
                if (k.topic().equals(tp.topic()) && k.partition() == tp.partition()) {
                    marks.put(k.table(), v);
                }
            });
            OffsetAndMetadata c = committed.get(tp);
            steps.add(new ReplayPlan.Step(tp, c == null ? null : c.offset(), targets.get(tp), end.get(tp), marks));
        }
        refuseInterrupted(steps, reingestTable);
        return new ReplayPlan(config.applicationId(), target, steps, reingestTable);
    }

    /**
     * Writes the LANDED of every INTENT below its partition's committed offset (its block landed), then moves the
     * committed offsets, then (for {@code --reingest}) rewinds the ledger marks. Offsets go before the rewind: if
     * the rewind then fails, a restart only skips rows (no duplicates) and the command can simply be run again.
     *
     * @throws OpsException if the group has members or Kafka refuses
     */
    public void execute(ReplayPlan plan) {
        List<String> members = activeMembers();
        if (!members.isEmpty()) {
            throw refusal(members);
        }
        // first: once the offsets move back, nothing tells such an INTENT from an interrupted block
        new LedgerRewinder(config, clientProps).settleLandedByCommit(plan);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        plan.steps().forEach(s -> offsets.put(s.partition(), new OffsetAndMetadata(s.target())));
        await(admin.alterConsumerGroupOffsets(plan.group(), offsets).all());
        if (plan.reingestTable() != null) {
            new LedgerRewinder(config, clientProps).rewind(plan);
        }
    }

    /** The refusal while instances run. */
    public OpsException refusal(List<String> members) {
        return new OpsException("group " + config.applicationId() + " has " + members.size() + " active member(s) "
                + members + ": stop every chute instance of this application first (a killed instance stays a "
                + "member until its session times out, session.timeout.ms) and run the command again");
    }

    private List<String> topics(OffsetTarget target, String topic) {
        List<String> sources = config.sourceTopics();
        if (topic != null && !sources.contains(topic)) {
            throw new OpsException("topic " + topic + " is not one of source.topics " + sources);
        }
        if (topic == null && target.kind() == OffsetTarget.Kind.OFFSET && sources.size() > 1) {
            throw new OpsException("--to-offset names one partition: say which topic with --topic (one of "
                    + sources + ")");
        }
        return topic == null ? sources : List.of(topic);
    }

    private Map<TopicPartition, Long> targets(OffsetTarget target, List<TopicPartition> partitions,
                                              Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
        return switch (target.kind()) {
            case EARLIEST -> start;
            case DATETIME -> {
                Map<TopicPartition, Long> at = offsets(partitions, OffsetSpec.forTimestamp(target.timestamp()));
                at.replaceAll((tp, o) -> o < 0 ? end.get(tp) : o); // nothing that recent: nothing to re-read
                yield at;
            }
            case OFFSET -> {
                TopicPartition tp = partitions.get(0);
                if (target.offset() < start.get(tp) || target.offset() > end.get(tp)) {
                    throw new OpsException("offset " + target.offset() + " is outside " + tp + " [" + start.get(tp)
                            + ", " + end.get(tp) + "]");
                }
                yield Map.of(tp, target.offset());
            }
        };
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = await(admin.listOffsets(request).all());
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private Map<LedgerKey, LedgerEntry> ledger() {
        String topic = config.ledgerTopic();
        try {
            await(admin.describeTopics(Set.of(topic)).allTopicNames());
        } catch (UnknownTopicOrPartitionException e) {
            return Map.of(); // the application never ran: no marks
        }
        return LedgerSnapshot.read(clientProps, topic, Duration.ofSeconds(TIMEOUT_S));
    }

    /**
     * Refuses an interrupted block (INTENT not below the committed offset, or a grouped insert's GROUPED entry, whose
     * offsets commit before its insert) of the reingested table, and one of any table that the new offset would pass:
     * a committed offset above an INTENT says its block landed (DESIGN.md, invariant 5), which only a commit may say.
     */
    static void refuseInterrupted(List<ReplayPlan.Step> steps, String table) {
        for (ReplayPlan.Step s : steps) {
            s.marks().forEach((t, e) -> {
                if (e.state() == LedgerState.INTENT && !s.landedByCommit(e)
                        && (t.equals(table) || s.target() > e.lastOffset())) {
                    throw new OpsException("the ledger holds an interrupted block of " + t + " on " + s.partition()
                            + " (" + e.token() + "): start chute once so it re-inserts it, stop it, then replay");
                }
                if (e.state() == LedgerState.GROUPED && (t.equals(table) || s.target() > e.lastOffset())) {
                    // a group's offsets commit before its insert: only its LANDED says it is in the table
                    throw new OpsException("the ledger holds a grouped insert of " + t + " on " + s.partition()
                            + " (" + e.token() + ") without its LANDED: run chute until that partition's next "
                            + "commit (it settles the group and writes the LANDED), stop it, then replay");
                }
            });
        }
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new OpsException("Kafka failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new OpsException("Kafka did not answer within " + TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
