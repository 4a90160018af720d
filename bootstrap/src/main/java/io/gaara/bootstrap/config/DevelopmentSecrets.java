package io.gaara.bootstrap.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Signing keys for development, generated once into the data directory (owner-only permissions) so that tokens survive
 * a restart. Never used in production.
 */
public final class DevelopmentSecrets {
    public static final String FILE_NAME = "dev-secrets.properties";

    private DevelopmentSecrets() {}

    /** Returns the stored value of {@code name}, generating and storing 48 random bytes first if absent. */
    static synchronized String loadOrCreate(Path dataDir, String name) {
        Path file = dataDir.resolve(FILE_NAME);
        Properties props = new Properties();
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
            }
            String value = props.getProperty(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
            value = SecretRules.random(48);
            props.setProperty(name, value);
            if (!Files.exists(file)) {
                createOwnerOnly(file);
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
                props.store(out, "Gaara development secrets: generated, never for production");
            }
            return value;
        } catch (IOException e) {
            throw new ConfigurationException("cannot read or write development secrets in " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * Created with mode 600 in the same system call, never created readable and narrowed after: between the two,
     * another user could open it and keep the descriptor.
     */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // a non-POSIX file system; the data directory's own permissions must protect it
            Files.createFile(file);
        }
    }
}
