package dev.switchboard.mock.telegram;

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
import java.util.regex.Pattern;

/**
 * Reads Bot API parameters from the query string and a form, multipart or JSON body into one JsonObject.
 *
 * <p>Query and form values are all strings on the wire, while JSON bodies carry real types. Known fields are
 * coerced to the type Telegram documents for them, so handlers and tests see the same shape whatever encoding
 * the client chose (a form's {@code reply_parameters} arrives as a JSON-encoded string, {@code chat_id} as digits).
 * Unknown fields keep their original value.
 */
final class RequestParams {

    private static final Set<String> INTEGER_FIELDS = Set.of(
            "chat_id", "offset", "limit", "timeout", "message_id", "message_thread_id", "max_connections",
            "cache_time", "from_chat_id", "user_id", "reply_to_message_id");
    private static final Set<String> BOOLEAN_FIELDS = Set.of(
            "show_alert", "drop_pending_updates", "disable_notification", "protect_content",
            "allow_sending_without_reply", "is_personal", "disable_web_page_preview", "allow_paid_broadcast");
    private static final Set<String> JSON_FIELDS = Set.of(
            "reply_parameters", "reply_markup", "allowed_updates", "results", "entities", "caption_entities",
            "link_preview_options", "button");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

    private RequestParams() {
    }

    static Future<JsonObject> read(HttpServerRequest req) {
        JsonObject params = new JsonObject();
        req.params().forEach(e -> params.put(e.getKey(), e.getValue()));
        String contentType = contentType(req);
        if (contentType.startsWith("multipart/form-data")) {
            req.setExpectMultipart(true);
            return req.end().map(v -> {
                req.formAttributes().forEach(e -> params.put(e.getKey(), e.getValue()));
                return normalize(params);
            });
        }
        return req.body().map(body -> {
            mergeBody(params, contentType, body);
            return normalize(params);
        });
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
                throw TelegramError.badRequest("can't parse JSON object");
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
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    static JsonObject normalize(JsonObject params) {
        for (String field : List.copyOf(params.fieldNames())) {
            if (params.getValue(field) instanceof String s) {
                params.put(field, coerce(field, s));
            }
        }
        return params;
    }

    private static Object coerce(String field, String value) {
        String v = value.trim();
        if (INTEGER_FIELDS.contains(field) && INTEGER.matcher(v).matches()) {
            return Long.parseLong(v);
        }
        if (BOOLEAN_FIELDS.contains(field)) {
            if (v.equalsIgnoreCase("true") || v.equals("1")) {
                return true;
            }
            if (v.equalsIgnoreCase("false") || v.equals("0")) {
                return false;
            }
        }
        if (JSON_FIELDS.contains(field)) {
            try {
                if (v.startsWith("{")) {
                    return new JsonObject(v);
                }
                if (v.startsWith("[")) {
                    return new JsonArray(v);
                }
            } catch (DecodeException e) {
                // left as a string: the handler decides whether that is an error
            }
        }
        return value;
    }

    /** A whole number from a coerced or raw value, or null when absent or not a number. */
    static Long asLong(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && INTEGER.matcher(s.trim()).matches()) {
            return Long.parseLong(s.trim());
        }
        return null;
    }

    static boolean asBoolean(Object value) {
        return value instanceof Boolean b ? b : value instanceof String s && s.equalsIgnoreCase("true");
    }

    /** A parameter as text, "" when absent. */
    static String string(JsonObject params, String name) {
        Object value = params.getValue(name);
        return value == null ? "" : String.valueOf(value);
    }

    static long longOr(JsonObject params, String name, long fallback) {
        Long value = asLong(params.getValue(name));
        return value == null ? fallback : value;
    }
}
