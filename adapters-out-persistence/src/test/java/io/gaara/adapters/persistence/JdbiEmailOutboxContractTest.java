package io.gaara.adapters.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.application.contract.email.EmailOutboxContract;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.persistence.Transactions;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link EmailOutbox} contract on {@link JdbiEmailOutbox} with {@link JdbiTransactions}, read back from
 * {@code email_outbox}, on every {@link ContractDatabase} available.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class JdbiEmailOutboxContractTest extends EmailOutboxContract {
    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ContractDatabase database;

    JdbiEmailOutboxContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected EmailOutbox createOutbox() {
        return database.persistence().emailOutbox();
    }

    @Override
    protected Transactions createTransactions() {
        return database.persistence().transactions();
    }

    @Override
    protected Stored stored(long id) {
        return database.persistence()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT status, params::text AS params, attempts, last_error FROM email_outbox"
                                        + " WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> new Stored(
                                rs.getString("status"),
                                params(rs.getString("params")),
                                rs.getInt("attempts"),
                                rs.getString("last_error")))
                        .one());
    }

    private static Map<String, String> params(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new AssertionError("params are not a JSON object of strings: " + json, e);
        }
    }
}
