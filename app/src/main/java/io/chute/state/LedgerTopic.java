package io.chute.state;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the compacted ledger topic if it is missing. */
public final class LedgerTopic {

    private LedgerTopic() {
    }

    /**
     * Creates {@code topic} with {@code cleanup.policy=compact}; an existing topic is left as it is.
     *
     * @throws LedgerException if creation fails for another reason or times out
     */
    public static void ensure(Admin admin, String topic, int partitions, short replicationFactor, long timeoutMillis) {
        NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new LedgerException("cannot create ledger topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new LedgerException("timed out creating ledger topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted creating ledger topic " + topic, e);
        }
    }
}
