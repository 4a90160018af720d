/**
 * What the use cases need stored: users, sessions (refresh-token families), their revocation seen by every instance,
 * the audit trail, the counters that throttle failed logins and registrations, and transactions around them.
 * Implemented by {@code adapters-out-persistence}; each port has a contract test in
 * {@code io.gaara.application.contract.persistence}.
 */
package io.gaara.application.port.out.persistence;
