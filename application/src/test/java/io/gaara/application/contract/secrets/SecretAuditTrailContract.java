package io.gaara.application.contract.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAccessEvent.Kind;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SecretAuditTrail} must keep: each trip to a secrets backend, in the order recorded, with which
 * secret, which version, how it was served and how long it took. Subclass it once per adapter and read back what the
 * adapter wrote in {@link #recorded}.
 *
 * <p>An adapter that legitimately keeps less of an event says so by overriding a hook, and only what the hook names is
 * relaxed: {@link #latencyResolution}, {@link #textLimit}. Everything else reads back equal.
 */
public abstract class SecretAuditTrailContract {
    /** Whole microseconds, as a database keeps them. */
    private static final Instant AT = Instant.parse("2025-03-01T10:15:30.123456Z");

    private static final String NAME = "GAARA_JWT_SECRET_KEY";

    private SecretAuditTrail trail;

    /** A trail over empty storage. */
    protected abstract SecretAuditTrail createSecretAuditTrail();

    /** Every event the trail holds, in the order recorded, as read back from where the adapter wrote it. */
    protected abstract List<SecretAccessEvent> recorded();

    /** The finest latency kept: a latency reads back cut down to a whole multiple of it, never rounded up. */
    protected Duration latencyResolution() {
        return Duration.ofNanos(1);
    }

    /**
     * How many characters of the name, backend, version id, cache outcome and detail are kept: a longer text reads back
     * as its first this many, and the event is still recorded.
     */
    protected int textLimit() {
        return Integer.MAX_VALUE;
    }

    @BeforeEach
    void setUpTrail() {
        trail = createSecretAuditTrail();
    }

    @Test
    void givenEventWithEveryField_whenRecorded_thenEveryFieldReadsBack() {
        SecretAccessEvent rotation = new SecretAccessEvent(
                AT,
                Kind.ROTATION_DETECTED,
                NAME,
                "aws-secrets-manager",
                "v-42",
                "refresh",
                Duration.ofMillis(37),
                "previous=v-41");

        trail.record(rotation);

        assertRecorded(rotation);
    }

    @Test
    void givenEventWithoutVersionCacheOutcomeOrDetail_whenRecorded_thenReadBackWithoutThem() {
        SecretAccessEvent failure =
                new SecretAccessEvent(AT, Kind.FAILURE, NAME, "vault", null, null, Duration.ofMillis(5), null);

        trail.record(failure);

        assertRecorded(failure);
    }

    @Test
    void givenOneEventOfEveryKindAtTheSameInstant_whenRecorded_thenReadBackInTheOrderRecorded() {
        List<SecretAccessEvent> events = new ArrayList<>();
        long millis = 0;
        for (Kind kind : Kind.values()) {
            events.add(new SecretAccessEvent(
                    AT,
                    kind,
                    NAME,
                    "aws-secrets-manager",
                    "v-" + millis,
                    "miss",
                    Duration.ofMillis(millis),
                    kind.name().toLowerCase(Locale.ROOT)));
            millis += 3;
        }

        events.forEach(trail::record);

        assertRecorded(events.toArray(SecretAccessEvent[]::new));
    }

    @Test
    void givenTheSameEventTwice_whenRecorded_thenBothAreKept() {
        // two cache misses in the same microsecond are two trips to the backend, not one
        SecretAccessEvent fetch =
                new SecretAccessEvent(AT, Kind.FETCH, NAME, "env", "v-1", "miss", Duration.ofMillis(1), "miss");

        trail.record(fetch);
        trail.record(fetch);

        assertRecorded(fetch, fetch);
    }

    @Test
    void givenSubMillisecondLatency_whenRecorded_thenKeptToTheAdaptersResolutionNeverRoundedUp() {
        SecretAccessEvent quick = new SecretAccessEvent(
                AT, Kind.REFRESH, NAME, "dotenv", "v-7", "refresh", Duration.ofNanos(2_999_999), "scheduled");

        trail.record(quick);

        assertRecorded(quick);
    }

    @Test
    void givenTextsLongerThanAnyRealOne_whenRecorded_thenTheEventIsKeptWithTheTextsUpToTheAdaptersLimit() {
        SecretAccessEvent runaway = new SecretAccessEvent(
                AT,
                Kind.FAILURE,
                "GAARA_" + "N".repeat(494),
                "b".repeat(500),
                "v".repeat(500),
                "c".repeat(500),
                Duration.ofMillis(30_000),
                "software.amazon.awssdk." + "x".repeat(477));

        trail.record(runaway);

        assertRecorded(runaway);
    }

    private void assertRecorded(SecretAccessEvent... events) {
        List<SecretAccessEvent> expected = Stream.of(events).map(this::asKept).toList();
        assertThat(recorded()).containsExactlyElementsOf(expected);
    }

    /** {@code event} as this adapter's hooks say it is kept. */
    private SecretAccessEvent asKept(SecretAccessEvent event) {
        long resolution = latencyResolution().toNanos();
        Duration latency = Duration.ofNanos(event.latency().toNanos() / resolution * resolution);
        return new SecretAccessEvent(
                event.occurredAt(),
                event.kind(),
                cut(event.name()),
                cut(event.backend()),
                cut(event.versionId()),
                cut(event.cacheOutcome()),
                latency,
                cut(event.detail()));
    }

    private String cut(String text) {
        return text == null || text.length() <= textLimit() ? text : text.substring(0, textLimit());
    }
}
