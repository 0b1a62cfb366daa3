package io.chute.block;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The blocks of one table that one stream thread cut at one commit, from any of its tasks: one INSERT under one
 * token (topology-docs/GROUPED-INSERTS.md). Each lane (topic, partition) is one {@link Member} whose rows are
 * contiguous in offsets; a lane that closed several blocks since the last cut has them all in its member, since
 * the ledger keeps one entry per lane and recovery re-forms one range per lane.
 *
 * <p>The token depends only on the members' identities, in member order (topic, then partition), so recovery,
 * which re-forms each member from its range, gets the same token. The bytes are the members' blocks, in that order,
 * read from their own chunks (no copy); every {@link #newInputStream()} starts at the first byte, and the stream
 * supports mark/reset for a client's retry.
 */
public final class BlockGroup {

    /** Version prefix of group tokens; block tokens are {@link BlockId#TOKEN_PREFIX}. */
    public static final String TOKEN_PREFIX = "chute2";

    /**
     * One lane's rows in the group.
     *
     * @param id    the lane's range in the group: the first part's first offset to the last part's last offset
     * @param parts root blocks of the lane, in offset order
     */
    public record Member(BlockId id, List<Block> parts) {
        public Member {
            Objects.requireNonNull(id, "id");
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("member " + id.token() + " has no block");
            }
            long next = id.firstOffset();
            for (Block part : parts) {
                BlockId p = part.id();
                if (!part.path().isEmpty() || !p.namespace().equals(id.namespace()) || !p.table().equals(id.table())
                        || !p.topic().equals(id.topic()) || p.partition() != id.partition()
                        || part.firstOffset() < next) {
                    throw new IllegalArgumentException(part + " is not the next root block of " + id.token());
                }
                next = part.lastOffset() + 1;
            }
            if (parts.get(0).firstOffset() != id.firstOffset() || next - 1 != id.lastOffset()) {
                throw new IllegalArgumentException("member " + id.token() + " does not span its blocks " + parts);
            }
        }

        public int rowCount() {
            return parts.stream().mapToInt(Block::rowCount).sum();
        }
    }

    private final BlockId anchorLane;
    private final List<String> columns;
    private final List<Member> members;
    private final String token;

    private BlockGroup(List<Member> members, List<String> columns) {
        this.members = List.copyOf(members);
        this.columns = List.copyOf(columns);
        this.anchorLane = this.members.get(0).id();
        this.token = token(this.members.stream().map(Member::id).toList());
    }

    /**
     * The group of {@code blocks}: root blocks of one namespace, table and column list; a lane's blocks must be in
     * offset order and are merged into one member.
     */
    public static BlockGroup of(List<Block> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a group needs at least one block");
        }
        Block first = blocks.get(0);
        Map<String, List<Block>> byLane = new LinkedHashMap<>();
        for (Block block : blocks) {
            if (!block.id().namespace().equals(first.id().namespace()) || !block.id().table().equals(
                    first.id().table()) || !block.columns().equals(first.columns())) {
                throw new IllegalArgumentException(block + " cannot join a group of " + first
                        + ": one namespace, table and column list per group");
            }
            byLane.computeIfAbsent(block.id().topic() + ':' + block.id().partition(), k -> new ArrayList<>())
                    .add(block);
        }
        List<Member> members = new ArrayList<>();
        for (List<Block> parts : byLane.values()) {
            BlockId a = parts.get(0).id();
            members.add(new Member(new BlockId(a.namespace(), a.table(), a.topic(), a.partition(),
                    parts.get(0).firstOffset(), parts.get(parts.size() - 1).lastOffset()), parts));
        }
        members.sort(Comparator.comparing((Member m) -> m.id().topic()).thenComparingInt(m -> m.id().partition()));
        return new BlockGroup(members, first.columns());
    }

    /**
     * {@code chute2:<namespace>:<table>:<hex SHA-256 of the members' block tokens, comma-separated>}, for the
     * members' lane identities in group order.
     */
    public static String token(List<BlockId> memberIds) {
        BlockId first = memberIds.get(0);
        StringBuilder joined = new StringBuilder();
        for (BlockId id : memberIds) {
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(id.token());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    joined.toString().getBytes(StandardCharsets.UTF_8));
            return TOKEN_PREFIX + ':' + first.namespace() + ':' + first.table() + ':' + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    public String token() {
        return token;
    }

    /** A query id for one attempt, as for a block: a stable prefix from the token's hash, the attempt. */
    public String queryId(int attempt) {
        return Block.queryId(token, attempt);
    }

    public String table() {
        return anchorLane.table();
    }

    /** The first member's lane: its ledger entry carries the member list. */
    public BlockId anchor() {
        return anchorLane;
    }

    public List<Member> members() {
        return members;
    }

    /** The columns every row is encoded for (the INSERT names them); empty: the table's insertable columns. */
    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return members.stream().mapToInt(Member::rowCount).sum();
    }

    public long byteSize() {
        return parts().mapToLong(Block::byteSize).sum();
    }

    /** Heap its blocks' arrays take; what the memory budget counts until the group landed. */
    public long footprint() {
        return parts().mapToLong(Block::footprint).sum();
    }

    /** The newest source timestamp of its rows (ms), -1 when none is known. */
    public long lastTimestamp() {
        return parts().mapToLong(Block::lastTimestamp).max().orElse(-1);
    }

    /** A fresh stream over every member's bytes in member order. */
    public InputStream newInputStream() {
        return new ConcatStream(parts().toList());
    }

    /**
     * The member's rows as one block under the member's identity (the lane's block token), for inserting it alone
     * when ClickHouse refused the group for its data. A member of several blocks is copied into one.
     */
    public static Block memberBlock(Member member) {
        if (member.parts().size() == 1) {
            return member.parts().get(0);
        }
        BlockId id = member.id();
        BlockBuilder builder = new BlockBuilder(id.namespace(), id.table(), id.topic(), id.partition(),
                BlockLimits.UNBOUNDED, () -> 0L);
        builder.columns(member.parts().get(0).columns());
        for (Block part : member.parts()) {
            for (int row = 0; row < part.rowCount(); row++) {
                byte[] bytes = part.rowBytes(row);
                builder.append(part.offsetAt(row), part.lastTimestamp(), bytes, 0, bytes.length);
            }
        }
        return builder.build();
    }

    private Stream<Block> parts() {
        return members.stream().flatMap(m -> m.parts().stream());
    }

    @Override
    public String toString() {
        return "BlockGroup[" + token + ", table=" + table() + ", members=" + members.size() + ", rows=" + rowCount()
                + "]";
    }
}
