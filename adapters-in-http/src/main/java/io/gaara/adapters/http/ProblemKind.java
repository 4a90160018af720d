package io.gaara.adapters.http;

/** Every kind of error the API answers with; the slug is part of the public contract. */
enum ProblemKind {
    MALFORMED_REQUEST(400, "malformed-request", "The request is malformed"),
    INVALID_VALUE(400, "invalid-value", "A value in the request breaks a rule"),
    WEAK_PASSWORD(400, "weak-password", "The password does not meet the password policy"),
    INVALID_CREDENTIALS(401, "invalid-credentials", "Invalid email or password"),
    INVALID_TOKEN(401, "invalid-token", "Missing, invalid or expired access token"),
    INVALID_REFRESH_TOKEN(401, "invalid-refresh-token", "Invalid, expired or revoked refresh token"),
    INVALID_ONE_TIME_TOKEN(400, "invalid-one-time-token", "Invalid, expired or already used link"),
    WRONG_PASSWORD(403, "wrong-password", "The current password is incorrect"),
    EMAIL_NOT_VERIFIED(403, "email-not-verified", "The account's email address is not verified"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    REQUEST_TIMEOUT(408, "request-timeout", "The request was not received in time"),
    EMAIL_TAKEN(409, "email-already-registered", "Email already registered"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
    URI_TOO_LONG(414, "uri-too-long", "Request URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    TOO_MANY_ATTEMPTS(429, "too-many-attempts", "Too many attempts"),
    HEADERS_TOO_LARGE(431, "request-header-fields-too-large", "Request header fields too large"),
    INTERNAL(500, "internal-error", "Internal server error"),
    NOT_IMPLEMENTED(501, "not-implemented", "Not implemented"),
    UNAVAILABLE(503, "unavailable", "Service unavailable"),
    HTTP_VERSION_NOT_SUPPORTED(505, "http-version-not-supported", "HTTP version not supported");

    private final int status;
    private final String slug;
    private final String title;

    ProblemKind(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    int status() {
        return status;
    }

    String slug() {
        return slug;
    }

    String title() {
        return title;
    }
}
