package dev.switchboard.mock.slack;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One Web API call as the mock sees it: the method, the Bearer token from the Authorization header, and the
 * parameters from the query string and a form or JSON body merged into one JsonObject.
 *
 * <p>Form values are strings on the wire; the fields Slack documents as JSON ({@code blocks}, {@code attachments})
 * are decoded, so tests see the same shape whichever encoding the client chose.
 */
final class ApiRequest {

    private static final Set<String> JSON_FIELDS = Set.of("blocks", "attachments", "metadata");

    final String method;
    /** The token from {@code Authorization: Bearer ...}, or null when the header is missing or not Bearer. */
    final String headerToken;
    final JsonObject params;

    private ApiRequest(String method, String headerToken, JsonObject params) {
        this.method = method;
        this.headerToken = headerToken;
        this.params = params;
    }

    /** The token the call names: the header, else a {@code token} parameter (which most methods accept). */
    String anyToken() {
        if (headerToken != null) {
            return headerToken;
        }
        Object token = params.getValue("token");
        return token instanceof String s && !s.isEmpty() ? s : null;
    }

    /** The params to record for tests: everything except the token, which tests never need to see again. */
    JsonObject record() {
        JsonObject copy = params.copy();
        copy.remove("token");
        return copy;
    }

    static Future<ApiRequest> read(HttpServerRequest req, String method) {
        String headerToken = bearer(req.getHeader("Authorization"));
        JsonObject params = new JsonObject();
        req.params().forEach(e -> params.put(e.getKey(), e.getValue()));
        String contentType = contentType(req);
        return req.body().map(body -> {
            mergeBody(params, contentType, body);
            decodeJsonFields(params);
            return new ApiRequest(method, headerToken, params);
        });
    }

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = value.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private static String contentType(HttpServerRequest req) {
        String value = req.getHeader("Content-Type");
        return value == null ? "" : value.toLowerCase(Locale.ROOT).trim();
    }

    private static void mergeBody(JsonObject params, String contentType, Buffer body) {
        if (body == null || body.length() == 0) {
            return;
        }
        String text = body.toString(StandardCharsets.UTF_8);
        boolean json = contentType.contains("json") || (contentType.isEmpty() && text.stripLeading().startsWith("{"));
        if (json) {
            try {
                params.mergeIn(new JsonObject(text));
            } catch (DecodeException | ClassCastException e) {
                throw ApiError.of("invalid_json");
            }
        } else {
            putForm(params, text);
        }
    }

    private static void putForm(JsonObject params, String text) {
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiError.of("invalid_form_data");
            }
        }
    }

    private static void decodeJsonFields(JsonObject params) {
        for (String field : List.copyOf(params.fieldNames())) {
            if (JSON_FIELDS.contains(field) && params.getValue(field) instanceof String s) {
                String v = s.trim();
                try {
                    if (v.startsWith("[")) {
                        params.put(field, new JsonArray(v));
                    } else if (v.startsWith("{")) {
                        params.put(field, new JsonObject(v));
                    }
                } catch (DecodeException e) {
                    // left as a string: the handler decides whether that is an error
                }
            }
        }
    }

    /** A parameter as text, "" when absent. */
    static String string(JsonObject params, String name) {
        Object value = params.getValue(name);
        return value == null ? "" : String.valueOf(value);
    }
}
