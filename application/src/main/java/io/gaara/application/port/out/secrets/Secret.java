package io.gaara.application.port.out.secrets;

import java.util.Objects;

/** A secret value with its logical name and version id. {@code toString} never shows the value. */
public record Secret(String name, String versionId, String value) {
    public Secret {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Secret[name=" + name + ", versionId=" + versionId + ", value=redacted]";
    }
}
