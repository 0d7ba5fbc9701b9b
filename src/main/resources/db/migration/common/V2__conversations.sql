-- Conversations: hub chats (an agent and the users who join it) and platform chats (a Telegram
-- chat, a Slack channel or thread, a Discord channel), with their messages and read receipts.
CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    agent_id    TEXT NOT NULL,
    title       TEXT NOT NULL,
    status      TEXT NOT NULL,
    -- 'main': the agent's own conversation, one per agent; 'platform': a chat on a platform
    kind        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX conversations_by_agent ON conversations (agent_id, updated_at);
CREATE UNIQUE INDEX conversations_main ON conversations (agent_id) WHERE kind = 'main';

CREATE TABLE participants (
    conversation_id TEXT NOT NULL,
    participant_id  TEXT NOT NULL,
    type            TEXT NOT NULL,
    joined_at       BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, participant_id)
);
CREATE INDEX participants_by_participant ON participants (participant_id);

-- body: the whole message as clients see it; the columns are what queries need
CREATE TABLE messages (
    seq             ${serial_key},
    id              TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, seq);

CREATE TABLE read_receipts (
    conversation_id TEXT NOT NULL,
    participant_id  TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    read_at         BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, participant_id)
);
