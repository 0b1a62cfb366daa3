package io.chute.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link LedgerEnds} as read_uncommitted end offsets (high watermarks) from one Admin client, created at first use
 * and shared by every task of the instance (an Admin per task open would cost a connection and its metadata each).
 */
public final class HighWatermarks implements LedgerEnds, AutoCloseable {
    private final Map<String, Object> clientProps;
    private Admin admin;

    /** @param clientProps connection properties (bootstrap servers, security) */
    public HighWatermarks(Map<String, Object> clientProps) {
        this.clientProps = new HashMap<>(clientProps);
    }

    @Override
    public Map<TopicPartition, Long> of(List<TopicPartition> partitions, Duration timeout) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = admin().listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            infos.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new LedgerException("cannot read the high watermarks of the ledger topic", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted reading the high watermarks of the ledger topic", e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientProps);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
