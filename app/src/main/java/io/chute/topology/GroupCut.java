package io.chute.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import io.chute.block.Block;
import io.chute.block.BlockGroup;

/**
 * Forms the groups of one commit from the blocks its stream thread's lanes closed since the last one
 * (topology-docs/GROUPED-INSERTS.md). A lane (table, topic, partition) goes whole into one group: the ledger keeps
 * one entry per lane, so two groups of one commit must not share a lane. A lane whose later blocks hold rows of
 * another column list (the table gained a column) keeps them for the next commit, and their partition's offset is
 * held at the first of them; a group never mixes column lists, since its INSERT names one.
 */
final class GroupCut {

    /**
     * @param groups   the groups to insert after this commit
     * @param heldBack blocks left for the next commit
     * @param ends     per partition with rows in a group: the offset after its last grouped row (the commit must carry
     *                 an offset of every such partition, see GROUPED-INSERTS.md, Fencing)
     * @param held     per partition with held-back rows: the first offset of the oldest of them
     */
    record Cut(List<BlockGroup> groups, List<Block> heldBack, Map<TopicPartition, Long> ends,
               Map<TopicPartition, Long> held) {
    }

    private GroupCut() {
    }

    /** Groups of at most {@code maxRows} rows and {@code maxBytes} bytes, except a lane larger alone. */
    static Cut form(List<Block> blocks, int maxRows, long maxBytes) {
        Map<String, List<Block>> lanes = new LinkedHashMap<>();
        for (Block block : blocks) {
            lanes.computeIfAbsent(block.id().table() + '\u0000' + block.id().topic() + '\u0000'
                    + block.id().partition(), k -> new ArrayList<>()).add(block);
        }
        List<Block> heldBack = new ArrayList<>();
        Map<TopicPartition, Long> held = new LinkedHashMap<>();
        Map<String, List<List<Block>>> byTable = new LinkedHashMap<>();
        for (List<Block> lane : lanes.values()) {
            int same = 1;
            while (same < lane.size() && lane.get(same).columns().equals(lane.get(0).columns())) {
                same++;
            }
            if (same < lane.size()) {
                Block first = lane.get(same);
                heldBack.addAll(lane.subList(same, lane.size()));
                held.merge(partitionOf(first), first.firstOffset(), Math::min);
            }
            Block head = lane.get(0);
            byTable.computeIfAbsent(head.id().table() + '\u0000' + String.join(",", head.columns()),
                    k -> new ArrayList<>()).add(lane.subList(0, same));
        }
        List<BlockGroup> groups = new ArrayList<>();
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        for (List<List<Block>> tableLanes : byTable.values()) {
            tableLanes.sort(Comparator.comparing((List<Block> l) -> l.get(0).id().topic())
                    .thenComparingInt(l -> l.get(0).id().partition()));
            List<Block> group = new ArrayList<>();
            long rows = 0;
            long bytes = 0;
            for (List<Block> lane : tableLanes) {
                long laneRows = lane.stream().mapToLong(Block::rowCount).sum();
                long laneBytes = lane.stream().mapToLong(Block::byteSize).sum();
                if (!group.isEmpty() && (rows + laneRows > maxRows || bytes + laneBytes > maxBytes)) {
                    groups.add(BlockGroup.of(group));
                    group = new ArrayList<>();
                    rows = 0;
                    bytes = 0;
                }
                group.addAll(lane);
                rows += laneRows;
                bytes += laneBytes;
                Block last = lane.get(lane.size() - 1);
                ends.merge(partitionOf(last), last.lastOffset() + 1, Math::max);
            }
            groups.add(BlockGroup.of(group));
        }
        return new Cut(groups, heldBack, ends, held);
    }

    private static TopicPartition partitionOf(Block block) {
        return new TopicPartition(block.id().topic(), block.id().partition());
    }
}
