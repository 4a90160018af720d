package io.gaara.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development keys file: owner-only, and the same keys after a restart. (That it is owner-only from the moment it
 * exists, created so in one call, is a race no test here can observe; this checks the state it ends in.)
 */
class DevelopmentSecretsTest {
    @Test
    void givenNoFile_whenAKeyIsGenerated_thenTheFileIsOwnerOnlyAndKeepsTheKey(@TempDir Path dataDir) throws Exception {
        String key = DevelopmentSecrets.loadOrCreate(dataDir, "JWT_SECRET_KEY");

        Path file = dataDir.resolve(DevelopmentSecrets.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(DevelopmentSecrets.loadOrCreate(dataDir, "JWT_SECRET_KEY")).isEqualTo(key);
        assertThat(DevelopmentSecrets.loadOrCreate(dataDir, "JWT_REFRESH_SECRET_KEY"))
                .isNotEqualTo(key);
    }
}
