package dev.switchboard.mock.llm;

/**
 * How the mock answers one request: a text (streamed or whole, as asked), an HTTP error in the
 * OpenAI shape, a stream cut off midway, or no answer at all; after {@code delayMillis}.
 */
public record Step(String text, int status, String error, Integer retryAfterSeconds, boolean cut, boolean silent,
                   boolean ignoreStream, long delayMillis) {

    public static Step text(String text) {
        return new Step(text, 200, null, null, false, false, false, 0);
    }

    /** One JSON document even when a stream was asked for, as some compatible servers do. */
    public static Step whole(String text) {
        return new Step(text, 200, null, null, false, false, true, 0);
    }

    /** An error answer, e.g. 429 "Rate limit exceeded" or 503 "Service unavailable". */
    public static Step error(int status, String message) {
        return new Step(null, status, message, null, false, false, false, 0);
    }

    /** A stream that sends {@code text} and then drops the connection without finishing. */
    public static Step cutOff(String text) {
        return new Step(text, 200, null, null, true, false, false, 0);
    }

    /** Accepts the request and never answers it. */
    public static Step silence() {
        return new Step(null, 200, null, null, false, true, false, 0);
    }

    public Step retryAfter(int seconds) {
        return new Step(text, status, error, seconds, cut, silent, ignoreStream, delayMillis);
    }

    public Step after(long millis) {
        return new Step(text, status, error, retryAfterSeconds, cut, silent, ignoreStream, millis);
    }
}
