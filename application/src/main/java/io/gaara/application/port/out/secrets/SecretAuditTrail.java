package io.gaara.application.port.out.secrets;

/**
 * Records every trip to a secrets backend (fetch, refresh, failure, detected rotation): name, version, latency, never a
 * value.
 */
public interface SecretAuditTrail {
    void record(SecretAccessEvent event);
}
