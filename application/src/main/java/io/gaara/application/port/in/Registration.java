package io.gaara.application.port.in;

import java.time.Duration;
import java.util.Objects;

/** How a registration is answered. */
public sealed interface Registration {
    /** A new account, shown to the client: addresses need no proof here, so a taken one is an error anyway. */
    record Created(RegisteredUser user) implements Registration {
        public Created {
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * "Check your inbox": the one answer to a new address and to a taken one alike, so that registration does not tell
     * which addresses have accounts (addresses must be proven here, so nobody signs in before reading that inbox).
     *
     * @param answerAfter how much longer the answer must wait, so that it takes the same time whichever the address
     */
    record Accepted(Duration answerAfter) implements Registration {
        public Accepted {
            Objects.requireNonNull(answerAfter, "answerAfter");
        }
    }
}
