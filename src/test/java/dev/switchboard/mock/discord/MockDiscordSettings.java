package dev.switchboard.mock.discord;

import dev.switchboard.mock.ServerLoop;

/**
 * The knobs of one mock Discord server. Setters may be called from any thread and take effect on the server's loop
 * before they return, so a setting changed before a push or fault applies to it. Each setting can be written as
 * {@code setX(v)} or {@code x(v)} (both return this for chaining) and read as {@code x()}.
 *
 * <p>Settings are read when they matter: the heartbeat interval when a Hello goes out, the expiry when a socket
 * drops, the deadlines when a callback arrives, and so on. Nothing already scheduled is moved.
 *
 * <p>Gateway sends count every client payload, heartbeats included, as on Discord: with a heartbeat interval of
 * 100 ms the default 120 per 60 s is used up after 12 s on one socket, so long tests with short intervals should
 * raise {@link #setSendLimit(int)}.
 */
public final class MockDiscordSettings {

    /** GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT. */
    public static final int PRIVILEGED_INTENTS = 2 | 256 | 32768;
    public static final String RESUME_REFUSAL_OP9 = "op9";
    public static final String RESUME_REFUSAL_4007 = "4007";

    private final ServerLoop loop;
    private final Runnable sessionStartReset;

    long heartbeatIntervalMs = 41_250;
    long helloDelayMs;
    int missedHeartbeatCloseCode = 4009;
    int maxConcurrency = 1;
    long identifyWindowMs = 5_000;
    int sessionStartTotal = 1_000;
    int sessionStartRemaining = 1_000;
    long sessionStartResetAfterMs = 14_400_000;
    int privilegedIntentsEnabled = PRIVILEGED_INTENTS;
    long sessionExpiryMs = 120_000;
    int ringBufferSize = 1_000;
    String badSeqResumeAnswer = RESUME_REFUSAL_OP9;
    int sendLimit = 120;
    long sendWindowMs = 60_000;
    long reconnectCloseDelayMs = 2_000;
    long interactionDeadlineMs = 3_000;
    long interactionTokenTtlMs = 900_000;
    int restChannelLimit = 50;
    long restChannelWindowMs = 1_000;
    int restGlobalPerSecond = 50;

    /** {@code sessionStartReset} runs on the loop whenever sessionStartRemaining is set, to refill every bot. */
    MockDiscordSettings(ServerLoop loop, Runnable sessionStartReset) {
        this.loop = loop;
        this.sessionStartReset = sessionStartReset;
    }

    /** Announced in Hello (default 41250). The server closes a socket that sends no heartbeat for 1.5 times this. */
    public MockDiscordSettings setHeartbeatIntervalMs(long ms) {
        positive(ms, "heartbeatIntervalMs");
        loop.run(() -> heartbeatIntervalMs = ms);
        return this;
    }

    /** How long after the upgrade Hello goes out (default 0). */
    public MockDiscordSettings setHelloDelayMs(long ms) {
        notNegative(ms, "helloDelayMs");
        loop.run(() -> helloDelayMs = ms);
        return this;
    }

    /** The close code for a socket that missed its heartbeats (default 4009, which also ends the session). */
    public MockDiscordSettings setMissedHeartbeatCloseCode(int code) {
        closeCode(code);
        loop.run(() -> missedHeartbeatCloseCode = code);
        return this;
    }

    /** Identifies per bot allowed within {@link #setIdentifyWindowMs(long)}; more get op 9 false (default 1). */
    public MockDiscordSettings setMaxConcurrency(int n) {
        positive(n, "maxConcurrency");
        loop.run(() -> maxConcurrency = n);
        return this;
    }

    public MockDiscordSettings setIdentifyWindowMs(long ms) {
        notNegative(ms, "identifyWindowMs");
        loop.run(() -> identifyWindowMs = ms);
        return this;
    }

    /** session_start_limit.total, and what remaining goes back to once reset_after has passed (default 1000). */
    public MockDiscordSettings setSessionStartTotal(int n) {
        notNegative(n, "sessionStartTotal");
        loop.run(() -> sessionStartTotal = n);
        return this;
    }

    /**
     * Sets every bot's remaining identifies (each bot counts down on its own) and restarts their reset_after clock;
     * bots added later start with it too (default 1000). At 0 an identify closes with 4004 and the token stops
     * working, as Discord resets a token that used up its budget.
     */
    public MockDiscordSettings setSessionStartRemaining(int n) {
        notNegative(n, "sessionStartRemaining");
        loop.run(() -> {
            sessionStartRemaining = n;
            sessionStartReset.run();
        });
        return this;
    }

    public MockDiscordSettings setSessionStartResetAfterMs(long ms) {
        positive(ms, "sessionStartResetAfterMs");
        loop.run(() -> sessionStartResetAfterMs = ms);
        return this;
    }

    /** The privileged intents "enabled in the portal"; asking for others closes with 4014 (default all three). */
    public MockDiscordSettings setPrivilegedIntentsEnabled(int mask) {
        loop.run(() -> privilegedIntentsEnabled = mask);
        return this;
    }

    /** How long a session stays resumable after its socket went away without a 1000/1001 close (default 120 s). */
    public MockDiscordSettings setSessionExpiryMs(long ms) {
        notNegative(ms, "sessionExpiryMs");
        loop.run(() -> sessionExpiryMs = ms);
        return this;
    }

    /** Dispatches kept per session for replay (default 1000); a resume from further back is refused. */
    public MockDiscordSettings setRingBufferSize(int n) {
        positive(n, "ringBufferSize");
        loop.run(() -> ringBufferSize = n);
        return this;
    }

    /**
     * How a resume that can't be honoured (unknown or expired session, seq outside the buffer) is refused:
     * {@code "op9"} (op 9 d:false, the default) or {@code "4007"} (close 4007).
     */
    public MockDiscordSettings setBadSeqResumeAnswer(String answer) {
        if (!RESUME_REFUSAL_OP9.equals(answer) && !RESUME_REFUSAL_4007.equals(answer)) {
            throw new IllegalArgumentException("badSeqResumeAnswer is \"op9\" or \"4007\"");
        }
        loop.run(() -> badSeqResumeAnswer = answer);
        return this;
    }

    /** Client payloads allowed per socket within {@link #setSendWindowMs(long)}; one more closes with 4008. */
    public MockDiscordSettings setSendLimit(int n) {
        positive(n, "sendLimit");
        loop.run(() -> sendLimit = n);
        return this;
    }

    public MockDiscordSettings setSendWindowMs(long ms) {
        positive(ms, "sendWindowMs");
        loop.run(() -> sendWindowMs = ms);
        return this;
    }

    /** After op 7 the server closes the socket with 4000 this much later unless the client went first (default 2 s). */
    public MockDiscordSettings setReconnectCloseDelayMs(long ms) {
        notNegative(ms, "reconnectCloseDelayMs");
        loop.run(() -> reconnectCloseDelayMs = ms);
        return this;
    }

    /** Time from an interaction's dispatch to its callback (default 3 s); later callbacks get 10062. */
    public MockDiscordSettings setInteractionDeadlineMs(long ms) {
        notNegative(ms, "interactionDeadlineMs");
        loop.run(() -> interactionDeadlineMs = ms);
        return this;
    }

    /** How long an interaction's token works for @original edits and follow-ups (default 15 min). */
    public MockDiscordSettings setInteractionTokenTtlMs(long ms) {
        notNegative(ms, "interactionTokenTtlMs");
        loop.run(() -> interactionTokenTtlMs = ms);
        return this;
    }

    /** Per-channel bucket of POST /channels/{id}/messages: this many per window (default 50 per 1000 ms). */
    public MockDiscordSettings setRestChannelLimit(int n) {
        positive(n, "restChannelLimit");
        loop.run(() -> restChannelLimit = n);
        return this;
    }

    public MockDiscordSettings setRestChannelWindowMs(long ms) {
        positive(ms, "restChannelWindowMs");
        loop.run(() -> restChannelWindowMs = ms);
        return this;
    }

    /** Bot-authenticated REST calls per bot per second before a global 429 (default 50). */
    public MockDiscordSettings setRestGlobalPerSecond(int n) {
        positive(n, "restGlobalPerSecond");
        loop.run(() -> restGlobalPerSecond = n);
        return this;
    }

    // ---------------------------------------------------------------- the same, without the prefix

    public MockDiscordSettings heartbeatIntervalMs(long ms) {
        return setHeartbeatIntervalMs(ms);
    }

    public MockDiscordSettings helloDelayMs(long ms) {
        return setHelloDelayMs(ms);
    }

    public MockDiscordSettings missedHeartbeatCloseCode(int code) {
        return setMissedHeartbeatCloseCode(code);
    }

    public MockDiscordSettings maxConcurrency(int n) {
        return setMaxConcurrency(n);
    }

    public MockDiscordSettings identifyWindowMs(long ms) {
        return setIdentifyWindowMs(ms);
    }

    public MockDiscordSettings sessionStartTotal(int n) {
        return setSessionStartTotal(n);
    }

    public MockDiscordSettings sessionStartRemaining(int n) {
        return setSessionStartRemaining(n);
    }

    public MockDiscordSettings sessionStartResetAfterMs(long ms) {
        return setSessionStartResetAfterMs(ms);
    }

    public MockDiscordSettings privilegedIntentsEnabled(int mask) {
        return setPrivilegedIntentsEnabled(mask);
    }

    public MockDiscordSettings sessionExpiryMs(long ms) {
        return setSessionExpiryMs(ms);
    }

    public MockDiscordSettings ringBufferSize(int n) {
        return setRingBufferSize(n);
    }

    public MockDiscordSettings badSeqResumeAnswer(String answer) {
        return setBadSeqResumeAnswer(answer);
    }

    public MockDiscordSettings sendLimit(int n) {
        return setSendLimit(n);
    }

    public MockDiscordSettings sendWindowMs(long ms) {
        return setSendWindowMs(ms);
    }

    public MockDiscordSettings reconnectCloseDelayMs(long ms) {
        return setReconnectCloseDelayMs(ms);
    }

    public MockDiscordSettings interactionDeadlineMs(long ms) {
        return setInteractionDeadlineMs(ms);
    }

    public MockDiscordSettings interactionTokenTtlMs(long ms) {
        return setInteractionTokenTtlMs(ms);
    }

    public MockDiscordSettings restChannelLimit(int n) {
        return setRestChannelLimit(n);
    }

    public MockDiscordSettings restChannelWindowMs(long ms) {
        return setRestChannelWindowMs(ms);
    }

    public MockDiscordSettings restGlobalPerSecond(int n) {
        return setRestGlobalPerSecond(n);
    }

    // ---------------------------------------------------------------- reading

    public long heartbeatIntervalMs() {
        return loop.call(() -> heartbeatIntervalMs);
    }

    public long helloDelayMs() {
        return loop.call(() -> helloDelayMs);
    }

    public int missedHeartbeatCloseCode() {
        return loop.call(() -> missedHeartbeatCloseCode);
    }

    public int maxConcurrency() {
        return loop.call(() -> maxConcurrency);
    }

    public long identifyWindowMs() {
        return loop.call(() -> identifyWindowMs);
    }

    public int sessionStartTotal() {
        return loop.call(() -> sessionStartTotal);
    }

    public int sessionStartRemaining() {
        return loop.call(() -> sessionStartRemaining);
    }

    public long sessionStartResetAfterMs() {
        return loop.call(() -> sessionStartResetAfterMs);
    }

    public int privilegedIntentsEnabled() {
        return loop.call(() -> privilegedIntentsEnabled);
    }

    public long sessionExpiryMs() {
        return loop.call(() -> sessionExpiryMs);
    }

    public int ringBufferSize() {
        return loop.call(() -> ringBufferSize);
    }

    public String badSeqResumeAnswer() {
        return loop.call(() -> badSeqResumeAnswer);
    }

    public int sendLimit() {
        return loop.call(() -> sendLimit);
    }

    public long sendWindowMs() {
        return loop.call(() -> sendWindowMs);
    }

    public long reconnectCloseDelayMs() {
        return loop.call(() -> reconnectCloseDelayMs);
    }

    public long interactionDeadlineMs() {
        return loop.call(() -> interactionDeadlineMs);
    }

    public long interactionTokenTtlMs() {
        return loop.call(() -> interactionTokenTtlMs);
    }

    public int restChannelLimit() {
        return loop.call(() -> restChannelLimit);
    }

    public long restChannelWindowMs() {
        return loop.call(() -> restChannelWindowMs);
    }

    public int restGlobalPerSecond() {
        return loop.call(() -> restGlobalPerSecond);
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void notNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    /** Codes a WebSocket close frame may carry from an application (RFC 6455 §7.4). */
    static void closeCode(int code) {
        if (code != 1000 && code != 1001 && (code < 3000 || code > 4999)) {
            throw new IllegalArgumentException("close code " + code + " is not 1000, 1001 or 3000-4999");
        }
    }
}
