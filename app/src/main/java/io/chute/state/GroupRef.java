package io.chute.state;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.chute.block.BlockGroup;
import io.chute.block.BlockId;

/**
 * What a GROUPED ledger entry says of its group: the anchor lane (the group's first member, whose entry lists every
 * member) and, in the anchor's entry only, the members. One list per group, not per member: a group of n lanes
 * would otherwise write n lists of n members.
 *
 * @param members the members' ranges in group order, at the anchor only (null elsewhere)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupRef(String anchorTopic, int anchorPartition, List<Member> members) {

    /** One member: a lane's range and rows in the group. */
    public record Member(String topic, int partition, long firstOffset, long lastOffset, int rows) {
        public Member {
            Objects.requireNonNull(topic, "topic");
        }
    }

    public GroupRef {
        Objects.requireNonNull(anchorTopic, "anchorTopic");
        members = members == null ? null : List.copyOf(members);
    }

    static GroupRef of(BlockGroup group, boolean anchor) {
        BlockId a = group.anchor();
        List<Member> members = null;
        if (anchor) {
            members = group.members().stream().map(m -> new Member(m.id().topic(), m.id().partition(),
                    m.id().firstOffset(), m.id().lastOffset(), m.rowCount())).toList();
        }
        return new GroupRef(a.topic(), a.partition(), members);
    }

    /** The anchor's ledger key in {@code table}. */
    public LedgerKey anchorKey(String table) {
        return new LedgerKey(table, anchorTopic, anchorPartition);
    }

    /** The group token of these members, as {@link BlockGroup#token} computes it from their block identities. */
    public String tokenOf(String namespace, String table) {
        if (members == null) {
            throw new IllegalStateException("only the anchor's entry lists the members");
        }
        return BlockGroup.token(members.stream().map(m -> new BlockId(namespace, table, m.topic(), m.partition(),
                m.firstOffset(), m.lastOffset())).toList());
    }
}
