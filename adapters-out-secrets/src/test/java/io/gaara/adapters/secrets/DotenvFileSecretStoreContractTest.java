package io.gaara.adapters.secrets;

import io.gaara.application.contract.secrets.SecretStoreContract;
import io.gaara.application.port.out.secrets.SecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;

/** The contract with every secret held in a .env file and an empty process environment. */
class DotenvFileSecretStoreContractTest extends SecretStoreContract {
    @TempDir
    Path dir;

    @Override
    protected SecretStore storeWith(Map<String, String> secrets) {
        String lines = secrets.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining("\n", "# written by the contract test\n", "\n"));
        try {
            Files.writeString(dir.resolve(".env"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EnvironmentSecretStore(Map.of(), dir, EnvironmentSecretStore.DEFAULT_DOTENV_FILENAME);
    }
}
