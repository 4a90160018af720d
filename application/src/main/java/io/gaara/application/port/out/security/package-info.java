/**
 * The security log the use cases write to when a token is used where it does not work. Called on the request path, so
 * it never blocks on storage: {@code SecurityLogAggregator} counts in memory and writes the counts through
 * {@link io.gaara.application.port.out.persistence.FailedTokenUseCounts}.
 */
package io.gaara.application.port.out.security;
