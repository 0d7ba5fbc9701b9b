-- Agents: who events are delivered to. JSON columns hold what Switchboard passes through untouched.
CREATE TABLE agents (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    secret_hash      TEXT,
    webhook_url      TEXT,
    signing_secret   TEXT,
    instruction      TEXT,
    settings         TEXT,
    mcp_servers      TEXT,
    llm              TEXT,
    status           TEXT NOT NULL DEFAULT 'active',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);

-- Platform integrations; config holds the tokens and is never returned by the API.
CREATE TABLE connections (
    id           TEXT PRIMARY KEY,
    agent_id     TEXT NOT NULL,
    platform     TEXT NOT NULL,
    name         TEXT,
    config       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- Platform cursors (the Telegram offset, later Discord sessions): advanced in the same
-- transaction that stores the events they acknowledge.
CREATE TABLE cursors (
    connection_id TEXT NOT NULL,
    name          TEXT NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (connection_id, name)
);

-- Inbox: every accepted platform event and its delivery state (the delivery log).
CREATE TABLE inbox (
    seq             ${serial_key},
    id              TEXT NOT NULL UNIQUE,
    connection_id   TEXT NOT NULL,
    agent_id        TEXT NOT NULL,
    platform        TEXT NOT NULL,
    type            TEXT NOT NULL,
    dedup_key       TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT,
    UNIQUE (connection_id, dedup_key)
);
CREATE INDEX inbox_pending ON inbox (status, next_attempt_at);

-- Outbox: replies waiting to go to a platform, sent in seq order per (connection, channel).
CREATE TABLE outbox (
    seq             ${serial_key},
    id              TEXT NOT NULL UNIQUE,
    connection_id   TEXT NOT NULL,
    channel         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX outbox_pending ON outbox (status, connection_id, channel, seq);

-- Agents whose webhook answered 410 Gone: no delivery until the agent or connection changes.
CREATE TABLE delivery_blocks (
    agent_id   TEXT PRIMARY KEY,
    reason     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
