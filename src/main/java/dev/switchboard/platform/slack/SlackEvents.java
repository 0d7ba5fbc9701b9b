package dev.switchboard.platform.slack;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.core.Ids;
import dev.switchboard.core.Platform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Turns Socket Mode envelopes into SPEC §3.1 events: the only place that knows Slack's payload JSON. */
final class SlackEvents {
    /** Message subtypes that are still someone talking; the rest (edits, joins, deletions) are not forwarded. */
    private static final Set<String> SPOKEN_SUBTYPES = Set.of("file_share", "thread_broadcast", "me_message");

    /** Who the app is: its own messages come back as events and must not reach the agent. */
    record Identity(String userId, String botId) {
    }

    private SlackEvents() {
    }

    static Optional<Event> normalize(JsonObject envelope, Connection connection, Identity self, Instant receivedAt) {
        JsonObject payload = envelope.getJsonObject("payload", new JsonObject());
        return switch (envelope.getString("type", "")) {
            case "events_api" -> fromEventCallback(payload, connection, self, receivedAt);
            case "slash_commands" -> Optional.of(event("slash_command", connection, receivedAt, payload,
                    payload.getString("channel_id"), null, payload.getString("text"),
                    new Event.User(payload.getString("user_id"), payload.getString("user_name")),
                    envelope.getString("envelope_id")));
            case "interactive" -> fromInteraction(envelope, payload, connection, receivedAt);
            default -> Optional.empty();
        };
    }

    private static Optional<Event> fromEventCallback(JsonObject payload, Connection connection, Identity self,
                                                     Instant receivedAt) {
        JsonObject event = payload.getJsonObject("event");
        String eventId = payload.getString("event_id");
        if (event == null || eventId == null) {
            return Optional.empty();
        }
        String type = event.getString("type", "");
        String user = event.getString("user");
        Event.User author = new Event.User(user, user);
        return switch (type) {
            case "message", "app_mention" -> {
                String subtype = event.getString("subtype");
                boolean own = self.userId().equals(user) || self.botId().equals(event.getString("bot_id"));
                if (own || (subtype != null && !SPOKEN_SUBTYPES.contains(subtype))) {
                    yield Optional.empty();
                }
                // a reply goes to the thread: the parent's ts, or the message's own ts to start one
                String thread = event.getString("thread_ts") != null ? event.getString("thread_ts") : event.getString("ts");
                yield Optional.of(event(type, connection, receivedAt, payload, event.getString("channel"), thread,
                        event.getString("text"), author, eventId));
            }
            case "app_home_opened" -> Optional.of(event(type, connection, receivedAt, payload, event.getString("channel"),
                    null, null, author, eventId));
            case "reaction_added", "reaction_removed" -> {
                JsonObject item = event.getJsonObject("item", new JsonObject());
                yield Optional.of(event(type, connection, receivedAt, payload, item.getString("channel"),
                        item.getString("ts"), event.getString("reaction"), author, eventId));
            }
            default -> Optional.empty();
        };
    }

    private static Optional<Event> fromInteraction(JsonObject envelope, JsonObject payload, Connection connection,
                                                   Instant receivedAt) {
        JsonObject container = payload.getJsonObject("container", new JsonObject());
        JsonObject message = payload.getJsonObject("message", new JsonObject());
        JsonObject user = payload.getJsonObject("user", new JsonObject());
        String channel = payload.getJsonObject("channel", new JsonObject()).getString("id", container.getString("channel_id"));
        String thread = message.getString("thread_ts") != null ? message.getString("thread_ts")
                : container.getString("message_ts", message.getString("ts"));
        JsonArray actions = payload.getJsonArray("actions", new JsonArray());
        String text = actions.isEmpty() ? payload.getString("type")
                : actions.getJsonObject(0).getString("value", actions.getJsonObject(0).getString("action_id"));
        return Optional.of(event("interactive", connection, receivedAt, payload, channel, thread, text,
                new Event.User(user.getString("id"), user.getString("username", user.getString("name"))),
                envelope.getString("envelope_id")));
    }

    private static Event event(String type, Connection connection, Instant at, JsonObject payload, String channel,
                               String thread, String text, Event.User user, String dedupKey) {
        String conversation = "slack:" + connection.id() + ":" + channel + (thread == null ? "" : ":" + thread);
        return new Event(Ids.next("evt"), type, Platform.SLACK, connection.id(), connection.agentId(), at, payload,
                channel, thread, conversation, text, user, dedupKey);
    }
}
