package dev.switchboard.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Collects every problem with a request body, so one 400 names all the fields at once. */
final class Validator {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private final JsonObject body;
    private final String prefix;
    private final Map<String, String> problems;

    Validator(JsonObject body) {
        this(body, "", new LinkedHashMap<>());
    }

    private Validator(JsonObject body, String prefix, Map<String, String> problems) {
        this.body = body;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** A validator for a nested object that reports into the same list, with dotted names. */
    Validator nested(String field) {
        Object value = body.getValue(field);
        if (value instanceof JsonObject object) {
            return new Validator(object, prefix + field + ".", problems);
        }
        problem(field, value == null ? "required" : "must be an object");
        return new Validator(new JsonObject(), prefix + field + ".", problems);
    }

    String requiredString(String field) {
        String value = optionalString(field);
        if (value == null && !problems.containsKey(prefix + field)) {
            problem(field, "required");
        }
        return value;
    }

    String optionalString(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            problem(field, "must be a string");
            return null;
        }
        if (s.isBlank()) {
            problem(field, "must not be empty");
            return null;
        }
        return s;
    }

    String id(String field, boolean required) {
        String value = required ? requiredString(field) : optionalString(field);
        if (value != null && !ID.matcher(value).matches()) {
            problem(field, "must be 1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit");
            return null;
        }
        return value;
    }

    String url(String field) {
        String value = optionalString(field);
        if (value != null) {
            try {
                URI uri = new URI(value);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    problem(field, "must be an absolute http(s) URL");
                    return null;
                }
            } catch (java.net.URISyntaxException e) {
                problem(field, "must be an absolute http(s) URL");
                return null;
            }
        }
        return value;
    }

    JsonObject optionalObject(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            problem(field, "must be an object");
            return null;
        }
        return object;
    }

    JsonArray optionalArray(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            problem(field, "must be an array");
            return null;
        }
        return array;
    }

    /** A number from {@code min} to {@code max}; {@code whole} asks for an integer. */
    void optionalNumber(String field, double min, double max, boolean whole) {
        Object value = body.getValue(field);
        if (value == null) {
            return;
        }
        if (!(value instanceof Number n) || (whole && n.doubleValue() != Math.rint(n.doubleValue()))) {
            problem(field, whole ? "must be a whole number" : "must be a number");
        } else if (n.doubleValue() < min || n.doubleValue() > max) {
            problem(field, "must be from " + (whole ? String.valueOf((long) min) : String.valueOf(min)) + " to "
                    + (whole ? String.valueOf((long) max) : String.valueOf(max)));
        }
    }

    void problem(String field, String message) {
        problems.putIfAbsent(prefix + field, message);
    }

    void problems(Map<String, String> more) {
        more.forEach(problems::putIfAbsent);
    }

    /** Throws the 400 if anything was wrong. */
    void check() {
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
    }
}
