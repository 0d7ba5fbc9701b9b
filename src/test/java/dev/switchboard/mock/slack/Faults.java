package dev.switchboard.mock.slack;

/**
 * The Web API failure switches tests flip on one app. Confined to the server's event loop.
 *
 * <p>Counted failures are consumed one per call, so "fail twice, then succeed" is just {@code times = 2}.
 */
final class Faults {

    /** What auth.test and chat.postMessage answer instead of success (e.g. token_revoked); null = healthy. */
    String authError;
    /** What apps.connections.open answers when called with this app's bot token (Slack's answer is unconfirmed). */
    String botTokenOpenError = "not_allowed_token_type";
    /** Set once a socket was told link_disabled. */
    boolean linkDisabled;
    /** What apps.connections.open answers while link_disabled; null (the default) keeps it succeeding. */
    String linkDisabledOpenError;

    private int openRateLimits;
    private int openRetryAfter;
    private int openFailures;
    private String openError;

    private int postFailures;
    private int postStatus;
    private String postError;
    private Integer postRetryAfter;

    void failConnectionsOpen(int times, String error) {
        openFailures = Math.max(0, times);
        openError = error;
    }

    void rateLimitConnectionsOpen(int times, int retryAfterSeconds) {
        openRateLimits = Math.max(0, times);
        openRetryAfter = retryAfterSeconds;
    }

    void failNextPost(int times, int httpStatus, String error, Integer retryAfterSeconds) {
        postFailures = Math.max(0, times);
        postStatus = httpStatus;
        postError = error;
        postRetryAfter = retryAfterSeconds;
    }

    /** The scripted answer for this apps.connections.open call, consuming one, or null to let it through. */
    ApiError takeConnectionsOpenFailure() {
        if (openRateLimits > 0) {
            openRateLimits--;
            return ApiError.rateLimited(openRetryAfter);
        }
        if (openFailures > 0) {
            openFailures--;
            return ApiError.of(openError);
        }
        if (linkDisabled && linkDisabledOpenError != null) {
            return ApiError.of(linkDisabledOpenError);
        }
        return null;
    }

    ApiError takePostFailure() {
        if (postFailures <= 0) {
            return null;
        }
        postFailures--;
        return new ApiError(postStatus, postError, postRetryAfter);
    }
}
