package io.gaara.bootstrap;

import io.gaara.application.port.out.secrets.SecretStoreMisconfiguredException;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.bootstrap.cli.SecretsCommand;
import io.gaara.bootstrap.config.ConfigSource;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code java -jar gaara.jar}: read configuration, start, and stop gracefully on SIGTERM or Ctrl-C. */
public final class Gaara {
    /** Exit code for configuration an operator must fix; distinct from a crash. */
    static final int EXIT_CONFIGURATION = 2;
    /** Exit code when the secrets backend cannot be reached at startup: retrying may help, unlike 2. */
    static final int EXIT_SECRETS_UNAVAILABLE = 3;

    private static final Logger log = LoggerFactory.getLogger(Gaara.class);

    private Gaara() {}

    public static void main(String[] args) throws InterruptedException {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Path workingDirectory = Path.of("").toAbsolutePath();
        if (args.length > 0 && args[0].equals("secrets")) {
            System.exit(SecretsCommand.run(args, workingDirectory, System.getenv(), System.out));
            return;
        }
        if (args.length > 0) {
            log.error("unknown command '{}'; usage: java -jar gaara.jar [secrets check|init|rotate]", args[0]);
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        GaaraServer server;
        SecretBackends backends = null;
        try {
            Map<String, String> config = ConfigSource.load(workingDirectory, System.getenv());
            Settings settings = Settings.from(config);
            backends = SecretBackends.open(settings, config, System.getenv(), workingDirectory);
            server = GaaraServer.start(settings, backends.store(), Clock.systemUTC(), backends.probes());
        } catch (ConfigurationException e) {
            log.error("Gaara cannot start: {}", e.getMessage());
            System.exit(EXIT_CONFIGURATION);
            return;
        } catch (SecretStoreMisconfiguredException e) {
            log.error("Gaara cannot start: the secrets backend is set up wrong: {}", e.getMessage());
            System.exit(EXIT_CONFIGURATION);
            return;
        } catch (SecretStoreUnavailableException e) {
            // an outage of the secrets backend at startup: nothing cached yet, nothing to serve
            log.error("Gaara cannot start: the secrets backend did not answer: {}", e.getMessage());
            System.exit(EXIT_SECRETS_UNAVAILABLE);
            return;
        } catch (RuntimeException | Error e) {
            log.error("Gaara failed to start", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        SecretBackends opened = backends;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            opened.close();
                            stopped.countDown();
                        },
                        "gaara-shutdown"));
        stopped.await();
    }
}
