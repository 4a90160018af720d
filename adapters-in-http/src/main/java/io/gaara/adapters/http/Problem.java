package io.gaara.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem. {@code type} is stable per kind of error, so clients branch on it rather than on the English
 * {@code title}/{@code detail}. {@code instance} is left out when the request line itself could not be read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String instance) {
    static final String TYPE_PREFIX = "urn:gaara:problem:";

    static Problem of(ProblemKind kind, String detail, String instance) {
        return new Problem(TYPE_PREFIX + kind.slug(), kind.title(), kind.status(), detail, instance);
    }
}
