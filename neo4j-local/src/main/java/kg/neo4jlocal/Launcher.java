package kg.neo4jlocal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.kernel.internal.Version;

/**
 * Starts an in-process Neo4j Community server (neo4j-harness) for local tests and development.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' kg.neo4jlocal.Launcher --data DIR [--bolt-port N] [--http-port N] [--from DIR]
 * </pre>
 *
 * Environment fallbacks: KG_NEO4J_DATA, KG_NEO4J_BOLT_PORT (7687), KG_NEO4J_HTTP_PORT (7474),
 * KG_NEO4J_PASSWORD (required; scripts/neo4j-local generates one), KG_NEO4J_HOST (127.0.0.1),
 * KG_NEO4J_PAGECACHE_MB (128; larger for a bulk-imported national graph). Auth is enabled; the user is
 * {@code neo4j}. Once the server is up and the password is set, {@code DIR/READY} is written
 * (KEY=value lines). SIGTERM/SIGINT shut the server down cleanly and remove READY.
 * The DBMS home is a random sub-folder of DIR (deleted by the harness on clean shutdown);
 * Neo4j's own logs go to {@code DIR/logs} and survive shutdown.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        String data = env("KG_NEO4J_DATA", null);
        int boltPort = Integer.parseInt(env("KG_NEO4J_BOLT_PORT", "7687"));
        int httpPort = Integer.parseInt(env("KG_NEO4J_HTTP_PORT", "7474"));
        String host = env("KG_NEO4J_HOST", "127.0.0.1");
        String password = env("KG_NEO4J_PASSWORD", "");
        String from = null;

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> data = next(args, ++i, a);
                case "--bolt-port" -> boltPort = Integer.parseInt(next(args, ++i, a));
                case "--http-port" -> httpPort = Integer.parseInt(next(args, ++i, a));
                case "--from" -> from = next(args, ++i, a);
                case "-h", "--help" -> {
                    System.out.println("usage: Launcher --data DIR [--bolt-port N] [--http-port N] [--from IMPORTED_DATA_DIR]");
                    return;
                }
                default -> die("unknown argument: " + a);
            }
        }
        if (data == null) {
            die("missing --data DIR");
        }
        if (password.length() < 8) {
            die("KG_NEO4J_PASSWORD must be at least 8 characters (Neo4j's default password policy)");
        }

        Path dataDir = Path.of(data).toAbsolutePath();
        Files.createDirectories(dataDir);
        Path ready = dataDir.resolve("READY");
        Files.deleteIfExists(ready);

        // Register the hook first so a SIGTERM during startup still closes whatever got started.
        AtomicReference<Neo4j> server = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
            } catch (IOException ignored) {
                // best effort
            }
            Neo4j n = server.getAndSet(null);
            if (n != null) {
                System.out.println("neo4j-local: shutting down");
                try {
                    n.close();
                    System.out.println("neo4j-local: stopped");
                } catch (RuntimeException e) {
                    System.err.println("neo4j-local: error during shutdown: " + e);
                }
            }
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        long t0 = System.nanoTime();
        try {
            server.set(start(dataDir, host, boltPort, httpPort, password, from));
        } catch (Throwable e) {
            System.err.println("neo4j-local: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }

        String bolt = "bolt://" + host + ":" + boltPort;
        String http = "http://" + host + ":" + httpPort;
        String readyText = "NEO4J_URI=" + bolt + "\n"
                + "NEO4J_HTTP_URI=" + http + "\n"
                + "NEO4J_USER=neo4j\n"
                + "NEO4J_VERSION=" + Version.getNeo4jVersion() + "\n"
                + "PID=" + ProcessHandle.current().pid() + "\n";
        Path tmp = dataDir.resolve("READY.tmp");
        Files.writeString(tmp, readyText, StandardCharsets.UTF_8);
        Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        System.out.printf("neo4j-local: ready in %.1fs: %s (http %s), neo4j %s community%n",
                (System.nanoTime() - t0) / 1e9, bolt, http, Version.getNeo4jVersion());
        stopped.await();
    }

    private static Neo4j start(Path dataDir, String host, int boltPort, int httpPort, String password, String from) {
        // The harness puts the DBMS home in a random sub-folder of dataDir.
        var builder = Neo4jBuilders.newInProcessBuilder(dataDir);
        if (from != null) {
            // a data folder written by `neo4j-admin database import` (databases/neo4j, transactions/neo4j)
            builder = builder.copyFrom(Path.of(from).toAbsolutePath());
        }
        Neo4j neo4j = builder
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress(host, boltPort))
                .withConfig(BoltConnector.advertised_address, new SocketAddress(host, boltPort))
                .withConfig(HttpConnector.enabled, true)
                .withConfig(HttpConnector.listen_address, new SocketAddress(host, httpPort))
                .withConfig(HttpConnector.advertised_address, new SocketAddress(host, httpPort))
                .withConfig(HttpsConnector.enabled, false)
                .withConfig(GraphDatabaseSettings.logs_directory, dataDir.resolve("logs"))
                .withConfig(GraphDatabaseSettings.pagecache_memory,
                        Long.parseLong(env("KG_NEO4J_PAGECACHE_MB", "128")) * 1024 * 1024)
                // LOAD CSV must not read the server's files: no file:/// URLs at all, and an
                // empty import root in case a later Neo4j ignores the switch.
                .withConfig(GraphDatabaseSettings.allow_file_urls, false)
                .withConfig(GraphDatabaseSettings.load_csv_file_url_root, emptyImportDir(dataDir))
                // Default Bolt shutdown waits 2 x 5 s of netty "quiet period"; stop in ~1 s instead.
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                .build();
        try {
            // With auth on, the built-in user "neo4j" starts with password "neo4j" and a forced change.
            // Embedded transactions bypass auth, so set the real password through the system database.
            neo4j.databaseManagementService()
                    .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                    .executeTransactionally(
                            "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            neo4j.close();
            throw e;
        }
        return neo4j;
    }

    private static Path emptyImportDir(Path dataDir) {
        Path dir = dataDir.resolve("import");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    private static String next(String[] args, int i, String flag) {
        if (i >= args.length) {
            die("missing value for " + flag);
        }
        return args[i];
    }

    private static void die(String msg) {
        System.err.println("neo4j-local: " + msg);
        System.exit(2);
    }
}
