package dev.switchboard.mock.discord;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every interaction the mock dispatched, across bots, and what their tokens allow: one callback within the deadline,
 * then @original edits and follow-ups until the token expires. Confined to the server's event loop.
 */
final class Interactions {

    private static final int MAX_REMEMBERED = 100_000;
    /** What an application command may be answered with: a message, a deferred message, or a modal. */
    private static final Set<Integer> COMMAND_CALLBACK_TYPES = Set.of(4, 5, 9);
    private static final int CHANNEL_MESSAGE_WITH_SOURCE = 4;
    private static final int DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5;
    /** Message flag LOADING: the "Bot is thinking..." placeholder of a deferred response. */
    private static final int LOADING = 128;

    private final MockDiscordSettings settings;
    private final Snowflakes ids;
    private final Map<String, Interaction> byId = bounded();
    private final Map<String, Interaction> byToken = bounded();
    /** Every callback call, for unknown interactions too. */
    long callbackCount;

    Interactions(MockDiscordSettings settings, Snowflakes ids) {
        this.settings = settings;
        this.ids = ids;
    }

    void register(MockDiscordBot bot, String id, String token, String channelId, String userId) {
        Interaction interaction = new Interaction(bot, id, token, channelId, userId, System.nanoTime());
        byId.put(id, interaction);
        byToken.put(token, interaction);
    }

    /**
     * {@code POST /interactions/{id}/{token}/callback}: returns for a 204, throws otherwise. Recorded on the bot
     * whenever the id is known.
     *
     * @param body the request body, or null when it was not a JSON object
     */
    void callback(String id, String token, JsonObject body) {
        callbackCount++;
        Interaction interaction = byId.get(id);
        int status = 204;
        try {
            if (interaction == null || !interaction.token.equals(token)) {
                throw unknownInteraction();
            }
            if (interaction.acknowledged) {
                throw new RestError(400, 40060, "Interaction has already been acknowledged.", null);
            }
            if (elapsedMs(interaction) > settings.interactionDeadlineMs) {
                throw unknownInteraction();
            }
            accept(interaction, body);
        } catch (RestError e) {
            status = e.status;
            throw e;
        } finally {
            if (interaction != null) {
                interaction.bot.log.interactionCallback(id, body == null ? null : body.copy(), status);
            }
        }
    }

    private void accept(Interaction interaction, JsonObject body) {
        if (body == null) {
            throw RestError.invalidJson();
        }
        if (!(body.getValue("type") instanceof Integer type)) {
            throw RestError.invalidField("type", "BASE_TYPE_REQUIRED", "This field is required");
        }
        if (!COMMAND_CALLBACK_TYPES.contains(type)) {
            throw RestError.invalidField("type", "BASE_TYPE_CHOICES", "Value must be one of " + COMMAND_CALLBACK_TYPES + ".");
        }
        JsonObject data = body.getValue("data") instanceof JsonObject d ? d : new JsonObject();
        if (type == CHANNEL_MESSAGE_WITH_SOURCE) {
            MessageRules.checkNew(data);
            interaction.original = message(interaction, ids.next(), data, 0);
        } else if (type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE) {
            interaction.original = message(interaction, ids.next(),
                    new JsonObject().put("content", "").put("flags", flags(data)), LOADING);
        } else if (!(data.getValue("custom_id") instanceof String) || !(data.getValue("title") instanceof String)
                || !(data.getValue("components") instanceof JsonArray)) {
            throw RestError.invalidField("data", "MODAL_INVALID", "A modal needs custom_id, title and components.");
        }
        interaction.acknowledged = true;
    }

    /** {@code PATCH /webhooks/{application_id}/{token}/messages/@original}. */
    JsonObject editOriginal(String applicationId, String token, JsonObject body) {
        Interaction interaction = webhook(applicationId, token);
        if (interaction.original == null) {
            throw new RestError(404, 10008, "Unknown Message", null);
        }
        MessageRules.checkEdit(body);
        JsonObject original = interaction.original;
        for (String field : new String[] {"content", "embeds", "components"}) {
            if (body.containsKey(field)) {
                original.put(field, body.getValue(field));
            }
        }
        original.put("flags", original.getInteger("flags") & ~LOADING).put("edited_timestamp", Entities.timestamp());
        interaction.bot.log.originalEdit(interaction.id, body.copy());
        return original.copy();
    }

    /** {@code POST /webhooks/{application_id}/{token}}: a follow-up message. */
    JsonObject followUp(String applicationId, String token, JsonObject body) {
        Interaction interaction = webhook(applicationId, token);
        MessageRules.checkNew(body);
        JsonObject message = message(interaction, ids.next(), body, 0);
        interaction.bot.log.followUp(interaction.id, body.copy());
        return message;
    }

    /** The interaction whose token works for webhook calls now: answered, for this application, not expired. */
    private Interaction webhook(String applicationId, String token) {
        Interaction interaction = byToken.get(token);
        if (interaction == null || !interaction.bot.applicationId().equals(applicationId) || !interaction.acknowledged
                || elapsedMs(interaction) > settings.interactionTokenTtlMs) {
            throw new RestError(404, 10015, "Unknown Webhook", null);
        }
        return interaction;
    }

    private static JsonObject message(Interaction interaction, String id, JsonObject data, int extraFlags) {
        MockDiscordBot bot = interaction.bot;
        JsonObject message = Entities.message(id, interaction.channelId, bot.botUser(),
                        data.getValue("content") instanceof String s ? s : "", Entities.MESSAGE_CHAT_INPUT_COMMAND)
                .put("flags", flags(data) | extraFlags)
                .put("webhook_id", bot.applicationId())
                .put("application_id", bot.applicationId())
                .put("interaction_metadata", new JsonObject()
                        .put("id", interaction.id)
                        .put("type", 2)
                        .put("user", Entities.person(interaction.userId)));
        for (String field : new String[] {"embeds", "components"}) {
            if (data.getValue(field) instanceof JsonArray array) {
                message.put(field, array.copy());
            }
        }
        return message;
    }

    private static int flags(JsonObject data) {
        return data.getValue("flags") instanceof Integer f ? f : 0;
    }

    private static long elapsedMs(Interaction interaction) {
        return (System.nanoTime() - interaction.dispatchedNanos) / 1_000_000;
    }

    private static RestError unknownInteraction() {
        return new RestError(404, 10062, "Unknown interaction", null);
    }

    private static Map<String, Interaction> bounded() {
        return new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Interaction> eldest) {
                return size() > MAX_REMEMBERED;
            }
        };
    }

    private static final class Interaction {
        final MockDiscordBot bot;
        final String id;
        final String token;
        final String channelId;
        final String userId;
        final long dispatchedNanos;
        boolean acknowledged;
        /** The response message once a message or deferred callback created it. */
        JsonObject original;

        Interaction(MockDiscordBot bot, String id, String token, String channelId, String userId, long dispatchedNanos) {
            this.bot = bot;
            this.id = id;
            this.token = token;
            this.channelId = channelId;
            this.userId = userId;
            this.dispatchedNanos = dispatchedNanos;
        }
    }
}
