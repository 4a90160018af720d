package io.gaara.bootstrap.config;

/** Configuration that cannot work; the message tells the operator what to set, never a secret's value. */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message, null, false, false);
    }
}
