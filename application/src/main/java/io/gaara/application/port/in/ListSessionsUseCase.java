package io.gaara.application.port.in;

/** Lists the caller's live sessions (ASVS 7.5.2), a page at a time. */
public interface ListSessionsUseCase {
    /** @throws io.gaara.domain.InvalidValueException for a cursor this server did not give */
    SessionPage listSessions(ListSessionsQuery query);
}
