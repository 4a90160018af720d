package io.gaara.adapters.crypto.password;

/**
 * A stored hash asks for more work than Gaara will do for one login. Every failed login is answered after a fixed floor
 * (see LoginService), which must cover the slowest hash checked: past these caps a check would outlast the floor and
 * its answer time would again tell which accounts carry such a hash. The message names the algorithm and cost only,
 * never the hash.
 */
final class StoredHashTooCostlyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoredHashTooCostlyException(String algorithmAndCost) {
        super(algorithmAndCost);
    }
}
