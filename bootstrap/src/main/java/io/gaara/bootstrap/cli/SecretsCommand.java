package io.gaara.bootstrap.cli;

import io.gaara.application.port.out.secrets.SecretStoreMisconfiguredException;
import io.gaara.bootstrap.config.ConfigSource;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.SecretRules;
import io.gaara.bootstrap.config.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code java -jar gaara.jar secrets check|init|rotate|retire-previous}: parses the arguments, opens the configured
 * backends, runs one sub-command and turns the outcome into an exit code. Prints names, versions and verdicts, never a
 * value. Exit 0 when all is well, 1 when a check fails, 2 for a usage or configuration error.
 */
public final class SecretsCommand {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private SecretsCommand() {}

    public static int run(
            String[] args, Path workingDirectory, Map<String, String> processEnvironment, PrintStream out) {
        if (args.length < 2) {
            return usage(out);
        }
        try {
            Map<String, String> config = ConfigSource.load(workingDirectory, processEnvironment);
            Settings settings = Settings.from(config);
            try (SecretBackends backends =
                    SecretBackends.open(settings, config, processEnvironment, workingDirectory)) {
                return switch (args[1]) {
                    case "check" -> new CheckCommand(backends.store(), config, out).run();
                    case "init" -> new InitCommand(backends, config, out).run(option(args, "--kms-key-id"));
                    case "rotate" -> args.length < 3 ? usage(out) : new RotateCommand(backends, out).run(args[2]);
                    case "retire-previous" ->
                        args.length < 3
                                ? usage(out)
                                : new RetirePreviousCommand(
                                                backends, settings.secrets().cacheTtl(), out)
                                        .run(args[2]);
                    default -> usage(out);
                };
            }
        } catch (UsageException e) {
            out.println("error: " + e.getMessage());
            return usage(out);
        } catch (ConfigurationException e) {
            out.println("error: " + e.getMessage());
            return USAGE;
        } catch (SecretStoreMisconfiguredException e) {
            // written by Gaara's adapter to say what to change: shown whole
            out.println("error: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // class name only: an SDK message is not ours to vouch for
            out.println("error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + safe(e.getMessage())));
            return FAILED;
        }
    }

    static int usage(PrintStream out) {
        out.println("usage: java -jar gaara.jar secrets check");
        out.println("       java -jar gaara.jar secrets init --kms-key-id <key id or ARN>");
        out.println("       java -jar gaara.jar secrets rotate <"
                + Arrays.stream(SecretRules.Known.values())
                        .filter(k -> k.generatedBytes > 0)
                        .map(Enum::name)
                        .collect(Collectors.joining("|"))
                + ">");
        out.println("       java -jar gaara.jar secrets retire-previous <"
                + Arrays.stream(SecretRules.Known.values()).map(Enum::name).collect(Collectors.joining("|"))
                + ">   (after a compromise)");
        return USAGE;
    }

    /** A sub-command's arguments are wrong: the message, then the usage, exit 2. */
    /** The secret Gaara knows by {@code name}, or a usage error naming it. */
    static SecretRules.Known known(String name) {
        try {
            return SecretRules.Known.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown secret " + name);
        }
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private static Optional<String> option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    private static String safe(String message) {
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
