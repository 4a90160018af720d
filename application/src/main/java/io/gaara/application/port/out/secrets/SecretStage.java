package io.gaara.application.port.out.secrets;

/** Where a version of a secret stands in its rotation (AWS Secrets Manager's AWSCURRENT, AWSPREVIOUS, AWSPENDING). */
public enum SecretStage {
    CURRENT,
    PREVIOUS,
    PENDING
}
