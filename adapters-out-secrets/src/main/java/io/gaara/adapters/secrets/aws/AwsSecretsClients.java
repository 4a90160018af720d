package io.gaara.adapters.secrets.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the AWS clients the secrets adapters need from the SDK's default chains, so AWS credentials never become
 * application secrets and an emulator is one environment variable away.
 *
 * <p>Region: {@code AWS_REGION}, {@code aws.region}, the profile, or instance metadata. Credentials: environment,
 * system properties, web identity (IRSA), profile, container or instance role. Endpoint: the SDK itself honours
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} / {@code AWS_ENDPOINT_URL_KMS} and the global {@code AWS_ENDPOINT_URL}
 * (system properties {@code aws.endpointUrlSecretsManager}, {@code aws.endpointUrl}, or {@code endpoint_url} in the
 * profile); verified for SDK 2.57 against moto. The caller owns the returned client and closes it at shutdown.
 */
public final class AwsSecretsClients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofMillis(2500);
    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofMillis(2500);
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(5);
    /** One call is at most this many attempts (the first and two retries), all within {@link #API_CALL_TIMEOUT}. */
    static final int MAX_ATTEMPTS = 3;
    /** Retry delays: exponential from the base to the cap, each drawn at random below it (full jitter). */
    static final Duration RETRY_BASE_DELAY = Duration.ofMillis(100);

    static final Duration RETRY_MAX_DELAY = Duration.ofSeconds(1);
    /** The same for throttling answers, which ask for more patience. */
    static final Duration THROTTLED_BASE_DELAY = Duration.ofMillis(500);

    static final Duration THROTTLED_MAX_DELAY = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(AwsSecretsClients.class);

    private AwsSecretsClients() {}

    /**
     * A Secrets Manager client from the default chains.
     *
     * @throws IllegalStateException when no region is configured anywhere
     */
    public static SecretsManagerClient secretsManager() {
        Region region = defaultRegion();
        SecretsManagerClient client = configure(
                        SecretsManagerClient.builder(),
                        region,
                        DefaultCredentialsProvider.builder().build(),
                        null)
                .build();
        log.info(
                "secrets: AWS Secrets Manager client in {}{}",
                region,
                client.serviceClientConfiguration()
                        .endpointOverride()
                        .map(uri -> " at " + uri)
                        .orElse(""));
        return client;
    }

    /**
     * A KMS client from the default chains, for {@code secrets init} to check its key.
     *
     * @throws IllegalStateException when no region is configured anywhere
     */
    public static KmsClient kms() {
        return configure(
                        KmsClient.builder(),
                        defaultRegion(),
                        DefaultCredentialsProvider.builder().build(),
                        null)
                .build();
    }

    /**
     * The one place the HTTP client, timeouts and retries are set, shared with the tests.
     *
     * @param endpoint null to let the SDK resolve it (from the standard variables or the region)
     */
    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
            B builder, Region region, AwsCredentialsProvider credentials, URI endpoint) {
        builder.region(Objects.requireNonNull(region, "region"))
                .credentialsProvider(Objects.requireNonNull(credentials, "credentials"))
                // the SDK owns (and closes) a client it builds; the JDK-based one is the only one on the class path
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                // bounded, so an outage surfaces as SecretStoreUnavailableException in seconds and the cache serves
                // the last value, instead of a request thread hanging on a dead connection
                .overrideConfiguration(o -> o.retryStrategy(retryStrategy())
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        .apiCallTimeout(API_CALL_TIMEOUT));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    /**
     * The SDK's standard strategy, spelled out rather than left to the SDK's defaults: retries within one call, for the
     * errors AWS calls transient or throttling, with full jitter, and under the SDK's retry quota (a token bucket each
     * retry draws from and each success refills: a retry budget, which the SDK calls its "circuit breaker"). These are
     * the only retries inside one trip to Secrets Manager; between trips the secrets cache owns the retries (its
     * backoff) and the circuit breaker in front of the backend refuses trips while it is open.
     */
    static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.configure(DefaultRetryStrategy.standardStrategyBuilder())
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(RETRY_BASE_DELAY, RETRY_MAX_DELAY))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(THROTTLED_BASE_DELAY, THROTTLED_MAX_DELAY))
                .circuitBreakerEnabled(true)
                .build();
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalStateException(
                    "no AWS region configured for Secrets Manager: set AWS_REGION (or a region "
                            + "in the AWS profile)",
                    e);
        }
    }
}
