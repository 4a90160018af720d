package io.gaara.adapters.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Vault's error texts made fit for one log line. Vault joins several errors with Go's multierror format ("2 errors
 * occurred:\n\t* permission denied\n\t* invalid token\n\n"); written as is, that splits one event over several log
 * lines, and a line-oriented log reader then sees fragments. Here the count line goes, the items are joined with
 * {@code "; "}, and any other control character becomes a space. Vault's error texts name paths and causes, never a
 * secret's value.
 */
final class VaultErrors {
    private static final Pattern COUNT_LINE = Pattern.compile("^\\s*\\d+ errors? occurred:\\s*");
    private static final Pattern ITEM = Pattern.compile("\\s*\\n\\s*\\*\\s*");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]+");

    private VaultErrors() {}

    /** One Vault error text, on one line. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String flat = COUNT_LINE.matcher(text).replaceFirst("");
        flat = ITEM.matcher(flat.startsWith("*") ? "\n" + flat : flat).replaceAll("; ");
        flat = CONTROL.matcher(flat).replaceAll(" ").strip();
        while (flat.startsWith(";")) {
            flat = flat.substring(1).strip();
        }
        return flat;
    }

    /** The {@code errors} array of a Vault answer, one line; empty when there is none. */
    static String of(JsonNode body) {
        JsonNode errors = body == null ? null : body.get("errors");
        if (errors == null || !errors.isArray()) {
            return "";
        }
        List<String> texts = new ArrayList<>();
        errors.forEach(e -> {
            String line = oneLine(e.asText());
            if (!line.isEmpty()) {
                texts.add(line);
            }
        });
        return String.join("; ", texts);
    }

    /**
     * Whether Vault said the token itself is no good. Vault 1.17 and later add "invalid token" to the "permission
     * denied" it answers for a revoked, expired or unknown token; a policy denial says only "permission denied", and so
     * does a dead token on older servers.
     */
    static boolean saysInvalidToken(String errors) {
        return errors != null && errors.contains("invalid token");
    }
}
