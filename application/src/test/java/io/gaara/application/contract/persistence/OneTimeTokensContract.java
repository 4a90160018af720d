package io.gaara.application.contract.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.OneTimeTokens.Purpose;
import io.gaara.application.port.out.persistence.OneTimeTokens.SpentToken;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link OneTimeTokens} must do; subclass it once per adapter. */
public abstract class OneTimeTokensContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Fixtures.NOW;
    private static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(30));

    private OneTimeTokens tokens;
    private Transactions transactions;
    private User user;

    /** Tokens over empty storage. */
    protected abstract OneTimeTokens createTokens();

    /** The users of the same storage: a token belongs to a stored user. */
    protected abstract UserRepository createUserRepository();

    /** The transactions of the same storage, which the tokens join. */
    protected abstract Transactions createTransactions();

    @BeforeEach
    void setUpTokens() {
        tokens = createTokens();
        transactions = createTransactions();
        user = storedUser();
    }

    @Test
    void givenIssuedToken_whenSpent_thenItNamesItsUserAndPayloadOnceAndNeverAgain() {
        byte[] hash = hash();
        tokens.issue(user.id(), Purpose.EMAIL_CHANGE, hash, "new@example.com", EXPIRES, NOW);

        assertThat(tokens.spend(Purpose.EMAIL_CHANGE, hash, NOW.plusSeconds(1)))
                .contains(new SpentToken(user.id(), Purpose.EMAIL_CHANGE, "new@example.com"));
        assertThat(tokens.spend(Purpose.EMAIL_CHANGE, hash, NOW.plusSeconds(2))).isEmpty();
    }

    @Test
    void givenTokenWithoutPayload_whenSpent_thenThePayloadIsNull() {
        byte[] hash = hash();
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, hash, null, EXPIRES, NOW);

        assertThat(tokens.spend(Purpose.PASSWORD_RESET, hash, NOW))
                .contains(new SpentToken(user.id(), Purpose.PASSWORD_RESET, null));
    }

    @Test
    void givenSpentToken_whenAnotherIsIssuedForTheSamePurpose_thenTheNewOneWorks() {
        byte[] first = hash();
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, first, null, EXPIRES, NOW);
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, first, NOW)).isPresent();

        byte[] second = hash();
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, second, null, EXPIRES, NOW.plusSeconds(1));

        assertThat(tokens.spend(Purpose.PASSWORD_RESET, second, NOW.plusSeconds(2)))
                .isPresent();
    }

    @Test
    void givenTokenOfOnePurpose_whenSpentForAnother_thenRefusedAndStillGoodForItsOwn() {
        byte[] hash = hash();
        tokens.issue(user.id(), Purpose.VERIFY_EMAIL, hash, null, EXPIRES, NOW);

        assertThat(tokens.spend(Purpose.PASSWORD_RESET, hash, NOW)).isEmpty();
        assertThat(tokens.spend(Purpose.EMAIL_CHANGE, hash, NOW)).isEmpty();
        assertThat(tokens.spend(Purpose.VERIFY_EMAIL, hash, NOW)).isPresent();
    }

    @Test
    void givenToken_whenSpentAtItsExpiry_thenRefusedThoughAMicrosecondEarlierItWouldHaveWorked() {
        byte[] expired = hash();
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, expired, null, EXPIRES, NOW);
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, expired, EXPIRES)).isEmpty();
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, expired, EXPIRES.plusSeconds(60)))
                .isEmpty();

        byte[] justInTime = hash();
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, justInTime, null, EXPIRES, NOW);
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, justInTime, EXPIRES.minusNanos(1_000)))
                .isPresent();
    }

    @Test
    void givenUnspentToken_whenANewerOneIsIssuedForTheSamePurpose_thenOnlyTheNewerWorks() {
        byte[] older = hash();
        byte[] newer = hash();
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, older, null, EXPIRES, NOW);
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, newer, null, EXPIRES.plusSeconds(5), NOW.plusSeconds(5));

        assertThat(tokens.spend(Purpose.PASSWORD_RESET, older, NOW.plusSeconds(6)))
                .isEmpty();
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, newer, NOW.plusSeconds(6)))
                .isPresent();
    }

    @Test
    void givenTokensOfOtherPurposesAndUsers_whenANewTokenIsIssued_thenTheyKeepWorking() {
        User other = storedUser();
        byte[] verify = hash();
        byte[] othersReset = hash();
        tokens.issue(user.id(), Purpose.VERIFY_EMAIL, verify, null, EXPIRES, NOW);
        tokens.issue(other.id(), Purpose.PASSWORD_RESET, othersReset, null, EXPIRES, NOW);

        tokens.issue(user.id(), Purpose.PASSWORD_RESET, hash(), null, EXPIRES, NOW);

        assertThat(tokens.spend(Purpose.VERIFY_EMAIL, verify, NOW)).isPresent();
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, othersReset, NOW))
                .contains(new SpentToken(other.id(), Purpose.PASSWORD_RESET, null));
    }

    @Test
    void givenTokensOfEveryPurpose_whenAllAreRevoked_thenNoneWorksButOtherUsersAndLaterTokensDo() {
        User other = storedUser();
        List<byte[]> revoked = new ArrayList<>();
        for (Purpose purpose : Purpose.values()) {
            byte[] hash = hash();
            tokens.issue(user.id(), purpose, hash, null, EXPIRES, NOW);
            revoked.add(hash);
        }
        byte[] othersToken = hash();
        tokens.issue(other.id(), Purpose.PASSWORD_RESET, othersToken, null, EXPIRES, NOW);

        tokens.revokeAll(user.id(), NOW.plusSeconds(1));

        Purpose[] purposes = Purpose.values();
        for (int i = 0; i < purposes.length; i++) {
            assertThat(tokens.spend(purposes[i], revoked.get(i), NOW.plusSeconds(2)))
                    .as(purposes[i].name())
                    .isEmpty();
        }
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, othersToken, NOW.plusSeconds(2)))
                .isPresent();
        byte[] later = hash();
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, later, null, EXPIRES, NOW.plusSeconds(3));
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, later, NOW.plusSeconds(4)))
                .isPresent();
    }

    @Test
    void givenUnknownHash_whenSpent_thenEmpty() {
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, hash(), null, EXPIRES, NOW);

        assertThat(tokens.spend(Purpose.PASSWORD_RESET, hash(), NOW)).isEmpty();
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, new byte[0], NOW)).isEmpty();
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, new byte[7], NOW)).isEmpty();
    }

    @Test
    void givenOneToken_whenSpentFromManyThreadsAtOnce_thenExactlyOneSpendsIt() throws InterruptedException {
        // rounds, because one round of a check-then-act spend often happens to serialize
        for (int round = 0; round < 25; round++) {
            byte[] hash = hash();
            tokens.issue(user.id(), Purpose.PASSWORD_RESET, hash, null, EXPIRES, NOW);

            List<Concurrently.Outcome<Optional<SpentToken>>> outcomes =
                    Concurrently.run(12, () -> tokens.spend(Purpose.PASSWORD_RESET, hash, NOW.plusSeconds(1)));

            assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
            assertThat(outcomes.stream().filter(o -> o.value().isPresent()))
                    .as("round %d", round)
                    .hasSize(1);
        }
    }

    @Test
    void givenManyTokensIssuedAtOnceForOneUserAndPurpose_thenExactlyOneWorks() throws InterruptedException {
        int threads = 12;
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            hashes.add(hash());
        }
        List<byte[]> queue = new ArrayList<>(hashes);

        List<Concurrently.Outcome<Object>> outcomes = Concurrently.run(threads, () -> {
            byte[] mine;
            synchronized (queue) {
                mine = queue.remove(0);
            }
            tokens.issue(user.id(), Purpose.PASSWORD_RESET, mine, null, EXPIRES, NOW);
            return null;
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        long working = hashes.stream()
                .filter(h -> tokens.spend(Purpose.PASSWORD_RESET, h, NOW.plusSeconds(1))
                        .isPresent())
                .count();
        assertThat(working).isEqualTo(1);
    }

    @Test
    void givenTransactionThatRollsBack_whenATokenWasIssuedInIt_thenItDoesNotWorkAndTheOlderOneStill() {
        byte[] older = hash();
        tokens.issue(user.id(), Purpose.PASSWORD_RESET, older, null, EXPIRES, NOW);
        byte[] rolledBack = hash();

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    tokens.issue(user.id(), Purpose.PASSWORD_RESET, rolledBack, null, EXPIRES, NOW.plusSeconds(1));
                    throw new IllegalStateException("the email's enqueue failed");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(tokens.spend(Purpose.PASSWORD_RESET, rolledBack, NOW.plusSeconds(2)))
                .isEmpty();
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, older, NOW.plusSeconds(2)))
                .isPresent();
    }

    @Test
    void givenUserNotStored_whenATokenIsIssuedForIt_thenRefused() {
        UserId stranger = UserId.random();

        assertThatThrownBy(() -> tokens.issue(stranger, Purpose.PASSWORD_RESET, hash(), null, EXPIRES, NOW))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void givenBadArguments_whenIssuing_thenRefusedAsIllegal() {
        assertThatThrownBy(() -> tokens.issue(user.id(), Purpose.PASSWORD_RESET, new byte[16], null, EXPIRES, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issue(user.id(), Purpose.PASSWORD_RESET, hash(), null, NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private User storedUser() {
        User u = Fixtures.user();
        createUserRepository().add(u);
        return u;
    }

    private static byte[] hash() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return hash;
    }
}
