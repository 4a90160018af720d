package io.gaara.adapters.secrets.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Describes an SDK failure by what it is (error code, HTTP status, request id, exception classes), never by its
 * message: the adapters build their own messages so that nothing a backend or an emulator chose to echo can carry a
 * secret value into a log.
 */
final class AwsErrors {
    private AwsErrors() {}

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            StringBuilder text = new StringBuilder(
                            code == null ? service.getClass().getSimpleName() : code)
                    .append(" (HTTP ")
                    .append(service.statusCode());
            if (service.requestId() != null) {
                text.append(", request id ").append(service.requestId());
            }
            return text.append(')').toString();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " caused by " + root.getClass().getName();
    }
}
