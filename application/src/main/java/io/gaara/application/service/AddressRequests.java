package io.gaara.application.service;

import io.gaara.application.TooManyAttemptsException;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A request, by address, for an email to that address ("I forgot my password", "send the link again"), answered the
 * same whatever the address: both kinds count against the same limits (one statement each), and the caller is told to
 * answer {@code answerFloor} after the request began, which covers the writes only an account costs. A source asking
 * too often is refused ({@code 429}, which says nothing of the address); an address asked for too often gets no more
 * email for a while, silently, so nobody can flood a stranger's inbox.
 */
final class AddressRequests {
    /** Requests of one kind a source may make in {@link #WINDOW}. */
    static final int PER_SOURCE = 10;
    /** Emails of one kind an address may receive in {@link #WINDOW}. */
    static final int PER_ACCOUNT = 3;

    static final Duration WINDOW = Duration.ofHours(1);

    private final UserRepository users;
    private final AttemptCounters counters;
    private final Clock clock;
    private final Duration answerFloor;

    AddressRequests(UserRepository users, AttemptCounters counters, Clock clock, Duration answerFloor) {
        this.users = users;
        this.counters = counters;
        this.clock = clock;
        this.answerFloor = answerFloor;
    }

    /**
     * @param kind names the counters ({@code forgot}, {@code verify})
     * @param wanted whether this account is one the request is for
     * @param send what is done for such an account, unless its address had its share of email
     * @return how much longer the answer must wait
     */
    Duration handle(
            String kind,
            String submittedEmail,
            ClientInfo client,
            String tooMany,
            Predicate<User> wanted,
            Consumer<User> send) {
        Instant began = clock.instant();
        Optional<Instant> sourceFull =
                counters.tryAcquire(ThrottleKeys.requestIp(kind, client.ip()), PER_SOURCE, WINDOW, began);
        if (sourceFull.isPresent()) {
            throw new TooManyAttemptsException(tooMany, Duration.between(began, sourceFull.get()));
        }
        boolean addressFull = counters.tryAcquire(
                        ThrottleKeys.requestAccount(kind, submittedEmail), PER_ACCOUNT, WINDOW, began)
                .isPresent();
        Optional<User> found =
                Email.parse(submittedEmail).flatMap(users::findByEmail).filter(wanted);
        if (found.isPresent() && !addressFull) {
            send.accept(found.get());
        }
        Duration left = answerFloor.minus(Duration.between(began, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
