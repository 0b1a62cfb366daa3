package io.chute.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a chute deployment's progress from outside, every 100 ms: the group's committed offset of each source
 * partition (chute commits an offset only after the rows below it landed, so an advance means rows landed) and the
 * row count in ClickHouse (an increase is a landed block). Times are {@link System#nanoTime()}.
 */
final class GroupProgress implements AutoCloseable {
    private final Harness h;
    private final String group;
    private final Admin admin;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "group-progress");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
    /** Per partition: {time, new offset} of each advance of its committed offset. */
    private final Map<Integer, List<long[]>> advances = new ConcurrentHashMap<>();
    /** The times the ClickHouse row count grew. */
    private final List<Long> landings = new CopyOnWriteArrayList<>();
    private volatile long rows = -1;

    GroupProgress(Harness h, String group) {
        this.h = h;
        this.group = group;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, h.stack.bootstrapServers()));
        poller.scheduleWithFixedDelay(this::poll, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        long now = System.nanoTime();
        try {
            committedNow().forEach((p, offset) -> {
                Long before = committed.put(p, offset);
                if (before != null && offset > before) {
                    advances.computeIfAbsent(p, k -> new CopyOnWriteArrayList<>()).add(new long[] {now, offset});
                }
            });
            long count = h.clickHouseCount();
            if (rows >= 0 && count > rows) {
                landings.add(now);
            }
            rows = count;
        } catch (Exception e) {
            // a slow answer under load: the next poll catches up
        }
    }

    /** The group's committed offset of each source partition, asked now. */
    Map<Integer, Long> committedNow() throws Exception {
        Map<Integer, Long> out = new java.util.HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        offsets.forEach((tp, om) -> {
            if (om != null && tp.topic().equals(h.topic)) {
                out.put(tp.partition(), om.offset());
            }
        });
        return out;
    }

    /** The source partitions a member of {@code instanceId} (any stream thread) is assigned now. */
    Set<Integer> partitionsOf(String instanceId) throws Exception {
        Set<Integer> parts = new HashSet<>();
        java.util.Collection<MemberDescription> members;
        try {
            members = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                    .members();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return parts; // nobody joined yet
            }
            throw e;
        }
        for (MemberDescription m : members) {
            if (m.groupInstanceId().map(id -> id.startsWith(instanceId + "-")).orElse(false)) {
                m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(h.topic))
                        .forEach(tp -> parts.add(tp.partition()));
            }
        }
        return parts;
    }

    /** Waits until {@code instanceId} is assigned at least one partition; returns them. */
    Set<Integer> awaitAssigned(String instanceId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Set<Integer> parts = partitionsOf(instanceId);
            if (!parts.isEmpty()) {
                return parts;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(instanceId + " got no partition within " + timeout);
    }

    /**
     * Waits until every one of {@code partitions} committed beyond the offset it had when this was called (call it
     * once the failed process is gone, so that its own last commits do not count); returns the longest delay after
     * {@code since} in seconds (rows resumed on all of them).
     */
    double awaitResumed(Set<Integer> partitions, long since, Duration timeout) throws Exception {
        return awaitResumed(partitions, since, committedNow(), timeout);
    }

    /** As above, beyond the offsets of {@code baseline} (from {@link #committedNow()}). */
    double awaitResumed(Set<Integer> partitions, long since, Map<Integer, Long> baseline, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long latest = since;
            boolean all = true;
            for (int p : partitions) {
                long mark = baseline.getOrDefault(p, -1L);
                long first = advances.getOrDefault(p, List.of()).stream()
                        .filter(a -> a[0] > since && a[1] > mark).mapToLong(a -> a[0]).findFirst().orElse(-1L);
                all &= first > 0;
                latest = Math.max(latest, first);
            }
            if (all) {
                return (latest - since) / 1e9;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("partitions " + partitions + " did not resume within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** The longest time in [from, to] without the ClickHouse row count growing, in seconds. */
    double longestLandingGap(long from, long to) {
        return longestGap(landings, from, to);
    }

    /** Per partition, the longest time in [from, to] without its committed offset advancing, in seconds. */
    Map<Integer, Double> longestCommitGaps(long from, long to) {
        Map<Integer, Double> gaps = new java.util.TreeMap<>();
        advances.forEach((p, list) -> gaps.put(p, Math.round(longestGap(list.stream().map(a -> a[0]).toList(), from,
                to) * 10) / 10.0));
        return gaps;
    }

    private static double longestGap(List<Long> times, long from, long to) {
        List<Long> points = new ArrayList<>();
        points.add(from);
        times.stream().filter(t -> t > from && t < to).forEach(points::add);
        points.add(to);
        long longest = 0;
        for (int i = 1; i < points.size(); i++) {
            longest = Math.max(longest, points.get(i) - points.get(i - 1));
        }
        return longest / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
        poller.shutdownNow();
        poller.awaitTermination(10, TimeUnit.SECONDS);
        admin.close(Duration.ofSeconds(5));
    }
}
