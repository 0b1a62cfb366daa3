package io.chute.topology;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets the offset commit of a stream thread wait until that thread's buffered rows are durably in ClickHouse.
 *
 * <p>Kafka Streams commits from the stream thread that owns the tasks: {@code consumer.commitSync} under
 * at_least_once, {@code producer.commitTransaction} under exactly_once_v2. {@link CommitHookClientSupplier}
 * wraps both to call {@link #beforeCommit()}, which flushes every participant registered by the calling thread.
 * This is invariant 1 of topology-docs/DESIGN.md: no offset is committed while a record at or below it is buffered.
 */
public final class CommitBarrier {
    /** A task-level owner of buffered rows. */
    public interface Participant {
        /**
         * Closes every open block and returns only when all of them (and earlier in-flight ones) landed.
         *
         * @throws RuntimeException when landing is impossible (fenced, fatal sink error): the commit must not happen
         */
        void flushForCommit();
    }

    private final Map<Thread, Set<Participant>> byThread = new ConcurrentHashMap<>();

    /** Called by a task on its stream thread (processor init). */
    public void register(Participant participant) {
        byThread.computeIfAbsent(Thread.currentThread(), t -> ConcurrentHashMap.newKeySet()).add(participant);
    }

    public void unregister(Participant participant) {
        byThread.values().forEach(set -> set.remove(participant));
    }

    /** Flushes the calling thread's participants; runs inside the wrapped commit, before it is delegated. */
    public void beforeCommit() {
        Set<Participant> participants = byThread.get(Thread.currentThread());
        if (participants == null) {
            return;
        }
        for (Participant participant : participants.toArray(new Participant[0])) {
            participant.flushForCommit();
        }
    }

    int participantCount() {
        return byThread.values().stream().mapToInt(Set::size).sum();
    }
}
