package io.gaara.bootstrap.config;

import io.gaara.adapters.persistence.PostgresSettings;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How far the connection to PostgreSQL must prove the server's identity ({@value #VARIABLE}): in production the driver
 * must check the server's certificate against a trusted CA and its name against the host ({@code sslmode=verify-full}),
 * unless the operator accepts less in so many words. Without it, {@code sslmode=require} (and the driver's default,
 * {@code prefer}) encrypts against anyone who answers on the database's address, and whoever sits on the path reads the
 * password hashes and tokens that travel there.
 *
 * @param requirement what a connection must at least do
 * @param production whether accepting less is worth a warning at startup
 */
public record DatabaseTls(Requirement requirement, boolean production) {
    public static final String VARIABLE = "GAARA_DATABASE_TLS";

    /** What the connection must at least do. */
    public enum Requirement {
        /** The certificate chains to a trusted CA and names the host connected to: {@code sslmode=verify-full}. */
        VERIFY_FULL("verify-full"),
        /** The certificate chains to a trusted CA, whatever name it holds: {@code verify-ca} or better. */
        VERIFY_CA("verify-ca"),
        /** Anything, plain text included: the default in development, a knowing (and logged) choice in production. */
        INSECURE_ALLOWED("insecure-allowed");

        private final String code;

        Requirement(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The driver's own factories, which check the chain (the other shipped one, NonValidatingFactory, does not). */
    private static final Set<String> VERIFYING_FACTORIES =
            Set.of("org.postgresql.ssl.LibPQFactory", "org.postgresql.ssl.DefaultJavaSSLFactory");

    static DatabaseTls from(Map<String, String> config, boolean production) {
        String text = config.get(VARIABLE);
        if (text == null || text.isBlank()) {
            return new DatabaseTls(production ? Requirement.VERIFY_FULL : Requirement.INSECURE_ALLOWED, production);
        }
        String code = text.strip().toLowerCase(Locale.ROOT);
        for (Requirement requirement : Requirement.values()) {
            if (requirement.code.equals(code)) {
                return new DatabaseTls(requirement, production);
            }
        }
        throw new ConfigurationException(
                VARIABLE + " must be one of verify-full, verify-ca, insecure-allowed; got '" + text.strip() + "'");
    }

    /**
     * Refuses a connection that would verify less than required, naming {@code source} (where the URL came from), the
     * reason and the way out.
     *
     * @return the warning to log when production connects without verifying the server because the operator said so
     */
    public Optional<String> check(PostgresSettings database, String source) {
        String mode;
        try {
            mode = database.sslMode();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(source + ": " + e.getMessage());
        }
        boolean chainChecked = mode.equals("verify-ca") || mode.equals("verify-full");
        String factory = database.parameter("sslfactory");
        String problem = null;
        if (!chainChecked) {
            problem = "sslmode=" + mode + " does not verify the database server's certificate"
                    + (mode.equals("require") ? " (it encrypts, to whoever answers)" : "")
                    + (mode.equals("prefer") || mode.equals("allow") ? " and may fall back to plain text" : "")
                    + (mode.equals("disable") ? " (plain text)" : "");
        } else if (factory != null && !VERIFYING_FACTORIES.contains(factory)) {
            problem = "sslfactory=" + factory + " replaces the driver's certificate check";
        } else if (!mode.equals("verify-full")) {
            problem = "sslmode=" + mode + " does not check that the certificate names the host";
        } else if (database.parameter("sslhostnameverifier") != null) {
            problem = "sslhostnameverifier replaces the driver's host name check";
        }
        if (chainChecked && factory == null) {
            rootCertificateReadable(database, source);
        }
        boolean enough = switch (requirement) {
            case VERIFY_FULL -> problem == null;
            case VERIFY_CA -> chainChecked && (factory == null || VERIFYING_FACTORIES.contains(factory));
            case INSECURE_ALLOWED -> true;
        };
        if (!enough) {
            throw new ConfigurationException(source + ": " + problem + ". " + (production ? "Production" : VARIABLE)
                    + " requires sslmode="
                    + (requirement == Requirement.VERIFY_CA ? "verify-ca or verify-full" : "verify-full")
                    + ", with sslrootcert=<CA bundle file> (the driver's default is ~/.postgresql/root.crt). "
                    + "Set " + VARIABLE + "=verify-ca to accept a certificate that does not name the host, or "
                    + VARIABLE + "=insecure-allowed to connect without verifying the server, knowingly "
                    + "(docs/OPERATIONS.md, Database TLS)");
        }
        if (production && problem != null) {
            return Optional.of(source + ": " + problem + "; accepted because " + VARIABLE + "=" + requirement.code
                    + ": whoever can answer on the database's address can read and change what Gaara stores");
        }
        return Optional.empty();
    }

    /** A CA file that is missing fails every connection with a driver error: said at startup, with its name. */
    private static void rootCertificateReadable(PostgresSettings database, String source) {
        String rootCert = database.parameter("sslrootcert");
        if (rootCert == null) {
            return;
        }
        boolean readable;
        try {
            readable = Files.isReadable(Path.of(rootCert));
        } catch (InvalidPathException e) {
            readable = false;
        }
        if (!readable) {
            throw new ConfigurationException(source + ": sslrootcert=" + rootCert + " is not a readable file "
                    + "(a PEM bundle of the CA certificates that sign the database server's certificate)");
        }
    }
}
