package io.chute.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;

import io.chute.mapping.Identifiers;

/**
 * {@code chute migrate}: applies {@code V<n>__<name>.sql} files in version order, each once, recording version,
 * name, SHA-256 checksum and time in table {@code chute_migrations} of the configured database.
 *
 * <p>All checks come first: a changed applied file (checksum differs), two files with one version or a bad file name
 * fail the run before anything is applied. ClickHouse DDL is not transactional: if a statement of a migration
 * fails, the statements before it stay applied and the migration is not recorded, so write migrations that can be
 * re-run ({@code IF NOT EXISTS}, {@code IF EXISTS}).
 */
public final class Migrator {
    static final String TABLE = "chute_migrations";
    private static final Pattern FILE = Pattern.compile("V(\\d+)__(.+)\\.sql");

    private final Client client;
    private final String database;

    public Migrator(Client client, String database) {
        this.client = client;
        this.database = database;
    }

    /** One migration file. */
    record Migration(int version, String name, Path file, String sql, String checksum) {
        String fileName() {
            return file.getFileName().toString();
        }
    }

    /**
     * @return one line per file: applied or skipped
     * @throws OpsException on a changed applied file, a duplicate version or a failed statement
     */
    public List<String> migrate(Path dir) {
        List<Migration> migrations = read(dir);
        ensureTable();
        Map<Integer, GenericRecord> applied = applied();
        for (Migration m : migrations) {
            GenericRecord a = applied.get(m.version());
            if (a != null && !a.getString("checksum").equals(m.checksum())) {
                throw new OpsException(m.fileName() + " was changed after it was applied (checksum "
                        + a.getString("checksum") + " recorded, " + m.checksum() + " now): restore it and put the "
                        + "change in a new V<n>__ file");
            }
        }
        List<String> report = new ArrayList<>();
        for (Migration m : migrations) {
            GenericRecord a = applied.get(m.version());
            if (a != null) {
                report.add("skipped " + m.fileName() + " (applied " + a.getString("applied_at") + ")");
                continue;
            }
            List<String> statements = SqlStatements.split(m.sql());
            for (int i = 0; i < statements.size(); i++) {
                try {
                    client.queryAll(statements.get(i));
                } catch (RuntimeException e) {
                    throw new OpsException(m.fileName() + ": statement " + (i + 1) + " of " + statements.size()
                            + " failed (" + i + " before it stay applied; the migration is not recorded): "
                            + e.getMessage(), e);
                }
            }
            client.queryAll("INSERT INTO " + table() + " (version, name, checksum, applied_at) VALUES ("
                    + m.version() + ", " + Identifiers.literal(m.name()) + ", " + Identifiers.literal(m.checksum())
                    + ", now64(3))");
            report.add("applied " + m.fileName() + " (" + statements.size() + " statement"
                    + (statements.size() == 1 ? "" : "s") + ")");
        }
        return report;
    }

    private List<Migration> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new OpsException("migrations directory " + dir + " does not exist");
        }
        TreeMap<Integer, Migration> byVersion = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    throw new OpsException(f.getFileName() + " is not named V<version>__<name>.sql");
                }
                String sql = Files.readString(f, StandardCharsets.UTF_8);
                Migration mig = new Migration(Integer.parseInt(m.group(1)), m.group(2), f, sql, sha256(sql));
                Migration other = byVersion.put(mig.version(), mig);
                if (other != null) {
                    throw new OpsException("two migrations with version " + mig.version() + ": " + other.fileName()
                            + " and " + mig.fileName());
                }
            }
        } catch (IOException e) {
            throw new OpsException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return new ArrayList<>(byVersion.values());
    }

    private void ensureTable() {
        client.queryAll("CREATE TABLE IF NOT EXISTS " + table() + " (version UInt32, name String, checksum String, "
                + "applied_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY version");
    }

    private Map<Integer, GenericRecord> applied() {
        Map<Integer, GenericRecord> out = new TreeMap<>();
        for (GenericRecord r : client.queryAll("SELECT version, name, checksum, toString(applied_at) AS applied_at "
                + "FROM " + table() + " ORDER BY version")) {
            out.put(r.getInteger("version"), r);
        }
        return out;
    }

    private String table() {
        return Identifiers.quoteIfNeeded(database) + "." + TABLE;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
