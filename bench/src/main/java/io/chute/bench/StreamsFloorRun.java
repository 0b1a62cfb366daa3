package io.chute.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;

/**
 * The Kafka Streams floor: the cheapest Kafka Streams app that reads the benchmark's topic at chute's Streams
 * settings, in this JVM. One source and one processor ({@value #PROCESSOR}) that only counts records: no decode, no
 * output, no state. Same processing guarantee, commit interval, stream threads and {@code streams.*} overrides as the
 * chute run: the very properties {@link ChuteApp#streamsProperties} gives chute for its {@link ChuteConfig}
 * (defaults unless overridden). Its own {@code application.id}, so it
 * reads the whole topic from the start. Measured from {@code start()} until the processor has seen all records.
 *
 * <p>Never throws for a run that goes wrong (the stream dies, the timeout passes): that comes back as
 * {@link Result#failure()} with partial figures. Always closes the streams and removes their local state.
 */
final class StreamsFloorRun {
    static final String PROCESSOR = "floor-count";
    private static final String SOURCE = "floor-source";
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration CLOSE = Duration.ofSeconds(60);

    /** {@code failure} is null when all records were seen; otherwise why not, and the figures are partial. */
    record Result(long records, Duration wallFromStart, Duration wallFromFirstRecord, ResourceMeter.Usage usage,
                  ResourceMeter.Usage usageFromFirstRecord, String failure) {
    }

    private final Bench.Setup setup;
    private final ChuteConfig chute;
    private final AtomicLong seen = new AtomicLong();

    /** {@code chute}: the configuration the chute run used; its Streams settings are copied. */
    StreamsFloorRun(Bench.Setup setup, ChuteConfig chute) {
        this.setup = setup;
        this.chute = chute;
    }

    /** Reads the whole topic, {@code topicRecords} records (the backlog plus any live phase's). */
    Result run(long topicRecords, Duration timeout) throws InterruptedException {
        KafkaStreams streams = new KafkaStreams(topology(), new StreamsConfig(properties()));
        ResourceMeter meter = ResourceMeter.start(setup.brokerPid(), setup.registryPid());
        // the start-up (group join, assignment) costs a fixed amount of CPU that a pipeline's rows/s from its first
        // record does not include; this meter starts with the first record seen (within one POLL)
        ResourceMeter fromFirst = null;
        try {
            long t0 = System.nanoTime();
            streams.start();
            long first = -1;
            String failure = null;
            while (seen.get() < topicRecords && failure == null) {
                Thread.sleep(POLL.toMillis());
                if (first < 0 && seen.get() > 0) {
                    first = System.nanoTime();
                    fromFirst = ResourceMeter.start(setup.brokerPid(), setup.registryPid());
                }
                failure = stuck(streams, t0, timeout, topicRecords);
            }
            long last = System.nanoTime();
            ResourceMeter.Usage usage = meter.stop();
            return new Result(seen.get(), Duration.ofNanos(last - t0),
                    Duration.ofNanos(first < 0 ? 0 : last - first), usage,
                    fromFirst == null ? null : fromFirst.stop(), failure);
        } finally {
            meter.close();
            if (fromFirst != null) {
                fromFirst.close();
            }
            if (streams.close(CLOSE)) {
                streams.cleanUp(); // refuses while threads still run; a leftover state dir is harmless then
            }
        }
    }

    /** Null while the run may still finish; otherwise why it will not. */
    private String stuck(KafkaStreams streams, long t0, Duration timeout, long target) {
        KafkaStreams.State state = streams.state();
        boolean dead = !state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED;
        if (!dead && System.nanoTime() - t0 <= timeout.toNanos()) {
            return null;
        }
        return String.format("saw %d of %d records (%s)", seen.get(), target,
                dead ? "streams state " + state : "timed out after " + timeout);
    }

    private Topology topology() {
        Topology topology = new Topology();
        topology.addSource(SOURCE, setup.topic());
        topology.addProcessor(PROCESSOR, () -> new Counter(seen), SOURCE);
        return topology;
    }

    /** chute's Streams settings (see ChuteApp) under this floor's own application id. */
    private Map<String, Object> properties() {
        Map<String, Object> props = ChuteApp.streamsProperties(chute);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "floor-" + setup.topic());
        return props;
    }

    /** Counts what it is given; nothing else. */
    private static final class Counter implements Processor<byte[], byte[], Void, Void> {
        private final AtomicLong seen;

        Counter(AtomicLong seen) {
            this.seen = seen;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            seen.incrementAndGet();
        }
    }
}
