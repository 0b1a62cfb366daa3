package io.chute.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.clickhouse.client.api.Client;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.chute.app.ClickHouseClients;
import io.chute.config.ChuteConfig;
import io.chute.ops.Ddl;
import io.chute.ops.OpsException;

/** {@code chute tables create}: *MergeTree DDL from an Avro schema, printed or executed. */
@Command(name = "tables", mixinStandardHelpOptions = true, description = "Target table helpers.",
        subcommands = TablesCommand.Create.class)
final class TablesCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Generate (and with --execute run) CREATE TABLE for an Avro record schema.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--schema", required = true, paramLabel = "FILE.avsc", description = "Avro record schema.")
        Path schema;

        @Option(names = "--table", required = true, description = "Table name (or db.table).")
        String table;

        @Option(names = "--order-by", required = true, split = ",", paramLabel = "COL",
                description = "ORDER BY columns, comma separated.")
        List<String> orderBy;

        @Option(names = "--partition-by", paramLabel = "EXPR", description = "PARTITION BY expression.")
        String partitionBy;

        @Option(names = "--with-kafka-columns", description = "Add the Kafka position columns _topic, _partition, _offset, _timestamp; chute fills "
                        + "them from each record (names: kafka.column.*).")
        boolean kafkaColumns;

        @Option(names = "--dedup-window", defaultValue = "10000", paramLabel = "N",
                description = "non_replicated_deduplication_window, or replicated_deduplication_window for "
                        + "Replicated engines (default ${DEFAULT-VALUE}).")
        int dedupWindow;

        @Option(names = "--engine", defaultValue = "MergeTree", paramLabel = "ENGINE",
                description = "A *MergeTree engine, e.g. ReplicatedMergeTree (Keeper path and replica from the "
                        + "{shard}/{replica} macros) (default ${DEFAULT-VALUE}).")
        String engine;

        @Option(names = "--on-cluster", paramLabel = "CLUSTER", description = "Add ON CLUSTER CLUSTER.")
        String cluster;

        @Option(names = "--dedup-window-seconds", defaultValue = "3600", paramLabel = "S",
                description = "replicated_deduplication_window_seconds of Replicated engines; chute refuses to "
                        + "start below dedup.window.min.seconds (default ${DEFAULT-VALUE}).")
        long windowSeconds;

        @Option(names = "--execute", description = "Create the table (needs --config).")
        boolean execute;

        @Mixin
        ConfigFile.Optional config;

        @Override
        public Integer call() throws Exception {
            if (execute && config.file == null) {
                throw new ParameterException(spec.commandLine(), "--execute needs --config");
            }
            String ddl;
            try {
                ddl = new Ddl(table, orderBy, partitionBy, kafkaColumns, dedupWindow, engine, cluster, windowSeconds)
                        .create(new Schema.Parser().parse(Files.readString(schema)));
            } catch (SchemaParseException | IllegalArgumentException e) {
                throw new OpsException(e.getMessage(), e);
            }
            spec.commandLine().getOut().println(ddl);
            if (execute) {
                ChuteConfig cfg = config.load();
                try (Client client = ClickHouseClients.create(cfg)) {
                    client.queryAll(ddl);
                } catch (RuntimeException e) {
                    throw new OpsException("ClickHouse refused the DDL: " + e.getMessage(), e);
                }
                spec.commandLine().getOut().println("created table " + table + " in database "
                        + cfg.getString(ChuteConfig.CLICKHOUSE_DATABASE_CONFIG));
            }
            return 0;
        }
    }
}
