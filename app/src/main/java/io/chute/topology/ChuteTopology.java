package io.chute.topology;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

import io.chute.config.ChuteConfig;

/**
 * Builds chute's topology. The numbered node names match topology-docs/topology.md:
 * <pre>
 *   01-source  (source.topics, raw bytes)
 *     -> 02-ingest  (validate, route, skip landed, encode into blocks; blocks land off-thread)
 *          -> 03-dead-letters  (sink: dlq.topic, original bytes + reason headers)
 * </pre>
 * The Processor API is used because step 2 needs the record's offset, punctuation and the commit barrier.
 */
public final class ChuteTopology {
    public static final String SOURCE = "01-source";
    public static final String INGEST = "02-ingest";
    public static final String DEAD_LETTERS = "03-dead-letters";

    private ChuteTopology() {
    }

    public static Topology build(ChuteConfig config, ChuteDeps deps) {
        TaskAssembly assembly = new TaskAssembly(deps);
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.sourceTopics().toArray(new String[0]));
        topology.addProcessor(INGEST, () -> new IngestProcessor(assembly), SOURCE);
        topology.addSink(DEAD_LETTERS, config.getString(ChuteConfig.DLQ_TOPIC_CONFIG), new ByteArraySerializer(),
                new ByteArraySerializer(), INGEST);
        return topology;
    }
}
