package io.gaara.adapters.secrets.aws;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where Gaara's secrets live in AWS Secrets Manager: one secret per logical name under a prefix
 * ({@code gaara/<environment>/NAME}), or one JSON secret whose object holds every name. Region, endpoint and
 * credentials are the SDK client's business, not this record's.
 *
 * @param environment names the deployment in the default prefix and in the tags {@code secrets init} sets
 * @param prefix put before a logical name to make the secret id; may be empty
 * @param jsonSecretId when not null, the one secret (name or ARN) holding every name as a JSON object
 */
public record AwsSecretsSettings(String environment, String prefix, String jsonSecretId) {
    /** Overrides the default prefix. */
    public static final String PREFIX_VARIABLE = "GAARA_SECRETS_PREFIX";
    /** Switches to one JSON secret holding every name. */
    public static final String JSON_SECRET_ID_VARIABLE = "GAARA_SECRETS_AWS_JSON_SECRET_ID";

    // what Secrets Manager accepts in a secret name; an ARN (for the JSON secret) adds ':'
    private static final Pattern SECRET_NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9/_+=.@-]*");
    private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,2048}");
    private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public AwsSecretsSettings {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(prefix, "prefix");
        if (!ENVIRONMENT.matcher(environment).matches()) {
            throw new IllegalArgumentException(
                    "environment must be 1 to 64 letters, digits, '_', '.' or '-'; got '" + environment + "'");
        }
        if (!SECRET_NAME_CHARACTERS.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "secrets prefix may hold only letters, digits and /_+=.@- (what Secrets Manager "
                            + "accepts in a secret name); got '" + prefix + "'");
        }
        if (jsonSecretId != null && jsonSecretId.isBlank()) {
            jsonSecretId = null;
        }
        if (jsonSecretId != null && !SECRET_ID.matcher(jsonSecretId).matches()) {
            throw new IllegalArgumentException(
                    "JSON secret id must be a Secrets Manager secret name or ARN; got '" + jsonSecretId + "'");
        }
    }

    /** One secret per name under {@code gaara/<environment>/}. */
    public static AwsSecretsSettings forEnvironment(String environment) {
        return new AwsSecretsSettings(environment, defaultPrefix(environment), null);
    }

    /**
     * The defaults for {@code environment}, overridden by {@value #PREFIX_VARIABLE} and
     * {@value #JSON_SECRET_ID_VARIABLE} when {@code variables} sets them.
     *
     * @param variables {@code System.getenv()} in production
     */
    public static AwsSecretsSettings fromVariables(String environment, Map<String, String> variables) {
        Objects.requireNonNull(variables, "variables");
        String prefix = variables.get(PREFIX_VARIABLE);
        return new AwsSecretsSettings(
                environment,
                prefix == null ? defaultPrefix(environment) : prefix.strip(),
                variables.get(JSON_SECRET_ID_VARIABLE));
    }

    public AwsSecretsSettings withJsonSecretId(String secretId) {
        return new AwsSecretsSettings(environment, prefix, Objects.requireNonNull(secretId, "secretId"));
    }

    private static String defaultPrefix(String environment) {
        return "gaara/" + Objects.requireNonNull(environment, "environment") + "/";
    }

    boolean bundled() {
        return jsonSecretId != null;
    }

    /** The Secrets Manager secret that holds {@code name}. */
    String secretIdOf(String name) {
        Objects.requireNonNull(name, "name");
        if (bundled()) {
            return jsonSecretId;
        }
        if (name.isEmpty() || !SECRET_NAME_CHARACTERS.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "secret name may hold only letters, digits and /_+=.@-; got '" + name + "'");
        }
        return prefix + name;
    }
}
