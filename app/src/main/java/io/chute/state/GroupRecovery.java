package io.chute.state;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a task does at start for a key whose newest ledger entry is {@link LedgerState#GROUPED}
 * (topology-docs/GROUPED-INSERTS.md, Recovery). Whatever the action, the key's rows up to the entry's last offset
 * are skipped from then on.
 *
 * @param group  for {@link Action#REFORM}: the anchor's group reference, with the member list
 * @param reason why, for the log
 */
public record GroupRecovery(Action action, LedgerKey key, LedgerEntry entry, GroupRef group, String reason) {

    public enum Action {
        /** The group landed: nothing to insert. */
        LANDED,
        /** The group may not have landed: re-form it from every member's range and insert it under its token. */
        REFORM,
        /**
         * The group's token cannot be trusted (stale, or the group cannot be re-formed as recorded): the table says,
         * by its Kafka position columns, which rows of this key's range landed; without them chute stops.
         */
        CHECK_TABLE
    }

    public GroupRecovery {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param newest           the newest entry of a key in the same ledger read (null when none)
     * @param namespace        the deployment's token namespace
     * @param staleAfterMillis {@code dedup.window.min.seconds} in ms: an older entry's token may be forgotten, so a
     *                         group that may not have landed is then settled by the table, not re-inserted (a group
     *                         whose anchor moved on landed, whatever its age)
     */
    public static GroupRecovery decide(LedgerKey key, LedgerEntry entry, Function<LedgerKey, LedgerEntry> newest,
                                       String namespace, long nowMillis, long staleAfterMillis) {
        if (entry.state() != LedgerState.GROUPED) {
            throw new IllegalArgumentException("not a GROUPED entry: " + entry);
        }
        LedgerKey anchorKey = entry.group().anchorKey(key.table());
        LedgerEntry anchor = anchorKey.equals(key) ? entry : newest.apply(anchorKey);
        if (anchor == null) {
            return new GroupRecovery(Action.CHECK_TABLE, key, entry, null, "the ledger has no entry of the anchor "
                    + anchorKey + " of group " + entry.token());
        }
        if (!anchor.token().equals(entry.token()) || anchor.state() == LedgerState.LANDED) {
            // the anchor's next entry is written only after the group landed
            return new GroupRecovery(Action.LANDED, key, entry, null, "anchor " + anchorKey + " moved past group "
                    + entry.token() + " (" + anchor.state() + " " + anchor.token() + ")");
        }
        if (anchor.state() != LedgerState.GROUPED) {
            return new GroupRecovery(Action.CHECK_TABLE, key, entry, null, "anchor " + anchorKey + " holds "
                    + anchor.state() + " under the group's token " + entry.token());
        }
        long age = nowMillis - entry.timestamp();
        if (age > staleAfterMillis) {
            return new GroupRecovery(Action.CHECK_TABLE, key, entry, null, "group " + entry.token() + " is "
                    + age / 1000 + " s old, older than dedup.window.min.seconds: ClickHouse may have forgotten its "
                    + "token");
        }
        return reform(key, entry, anchor.group(), namespace);
    }

    private static GroupRecovery reform(LedgerKey key, LedgerEntry entry, GroupRef group, String namespace) {
        if (group.members() == null) {
            return new GroupRecovery(Action.CHECK_TABLE, key, entry, null, "the anchor's entry of group "
                    + entry.token() + " lists no members");
        }
        boolean member = group.members().stream().anyMatch(m -> m.topic().equals(key.topic())
                && m.partition() == key.partition() && m.firstOffset() == entry.firstOffset()
                && m.lastOffset() == entry.lastOffset());
        if (!member) {
            return new GroupRecovery(Action.CHECK_TABLE, key, entry, null, "group " + entry.token()
                    + " does not list " + key + " [" + entry.firstOffset() + ", " + entry.lastOffset() + "]");
        }
        String token = group.tokenOf(namespace, key.table());
        if (!token.equals(entry.token())) {
            return new GroupRecovery(Action.CHECK_TABLE, key, entry, null, "group " + entry.token()
                    + " re-forms as " + token + " under namespace " + namespace + " (dedup.namespace changed?)");
        }
        return new GroupRecovery(Action.REFORM, key, entry, group, "group " + entry.token() + " of "
                + group.members().size() + " lanes may not have landed");
    }
}
