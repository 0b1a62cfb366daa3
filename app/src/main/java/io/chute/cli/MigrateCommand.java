package io.chute.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.clickhouse.client.api.Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.chute.app.ClickHouseClients;
import io.chute.config.ChuteConfig;
import io.chute.ops.Migrator;

/** {@code chute migrate}: versioned ClickHouse SQL files, each applied once (see {@link Migrator}). */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply V<n>__<name>.sql files in order, each once (recorded in chute_migrations).")
final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Option(names = "--dir", defaultValue = "schemas/clickhouse/migrations", paramLabel = "DIR",
            description = "Migrations directory (default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        ChuteConfig cfg = config.load();
        List<String> report;
        try (Client client = ClickHouseClients.create(cfg)) {
            report = new Migrator(client, cfg.getString(ChuteConfig.CLICKHOUSE_DATABASE_CONFIG)).migrate(dir);
        }
        report.forEach(spec.commandLine().getOut()::println);
        long applied = report.stream().filter(l -> l.startsWith("applied")).count();
        spec.commandLine().getOut().println("done: " + applied + " applied, " + (report.size() - applied)
                + " already applied");
        return 0;
    }
}
