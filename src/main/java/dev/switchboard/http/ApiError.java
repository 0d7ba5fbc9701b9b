package dev.switchboard.http;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/** An error answer in SPEC §2's shape: {@code {"error":{"code","message","details"}}}. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final JsonObject details;

    public ApiError(int status, String code, String message, JsonObject details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public static ApiError invalidJson(String message) {
        return new ApiError(400, "invalid_json", message, new JsonObject());
    }

    /** 400 naming every field that is wrong: {@code details.fields} maps field → problem. */
    public static ApiError validation(Map<String, String> fields) {
        return new ApiError(400, "validation_failed", "invalid fields: " + String.join(", ", fields.keySet()),
                new JsonObject().put("fields", new JsonObject(Map.copyOf(fields))));
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message, new JsonObject());
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message, new JsonObject());
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, new JsonObject());
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message, new JsonObject());
    }

    public int status() {
        return status;
    }

    public JsonObject body() {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", getMessage())
                .put("details", details));
    }
}
