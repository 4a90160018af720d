package io.gaara.adapters.http;

/** A request the adapter refuses before any use case runs; the message is safe to show. */
final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ProblemKind kind;

    BadRequestException(ProblemKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    ProblemKind kind() {
        return kind;
    }
}
