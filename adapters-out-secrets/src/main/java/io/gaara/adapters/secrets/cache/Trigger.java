package io.gaara.adapters.secrets.cache;

/** What caused a trip to the backend; {@link #code} is the detail of its audit event. */
enum Trigger {
    MISS("miss"),
    AHEAD("ahead"),
    RETRY("retry"),
    EXPIRED("expired"),
    EXPLICIT("explicit");

    final String code;

    Trigger(String code) {
        this.code = code;
    }
}
