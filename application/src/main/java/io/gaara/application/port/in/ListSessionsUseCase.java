package io.gaara.application.port.in;

import java.util.List;

/** Lists the caller's live sessions (ASVS 7.5.2). */
public interface ListSessionsUseCase {
    List<SessionView> listSessions(Principal principal);
}
