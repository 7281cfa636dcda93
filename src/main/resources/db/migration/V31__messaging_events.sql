-- Messaging: the sequenced events of every conversation (the source of truth for
-- sequence numbers), each member's receipt positions, and the sequencer's progress.
CREATE TABLE sequences (
    conversation_id BIGINT                   PRIMARY KEY,
    last_seq        BIGINT                   NOT NULL,
    last_event_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE events (
    conversation_id BIGINT                   NOT NULL,
    seq             BIGINT                   NOT NULL,
    kind            VARCHAR(8)               NOT NULL,
    sender_id       BIGINT                   NOT NULL,
    device_id       BIGINT                   NOT NULL DEFAULT 0,
    client_id       VARCHAR(64),
    body            VARCHAR(4000),
    target_seq      BIGINT,
    subject_id      BIGINT,
    change          VARCHAR(8),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    edited_at       TIMESTAMP WITH TIME ZONE,
    deleted         BOOLEAN                  NOT NULL DEFAULT FALSE,
    PRIMARY KEY (conversation_id, seq)
);

CREATE UNIQUE INDEX events_client_id ON events (conversation_id, sender_id, client_id);

CREATE TABLE receipts (
    conversation_id BIGINT NOT NULL,
    user_id         BIGINT NOT NULL,
    delivered_seq   BIGINT NOT NULL DEFAULT 0,
    read_seq        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);

CREATE TABLE sequencer_offsets (
    topic_partition INT    PRIMARY KEY,
    next_offset     BIGINT NOT NULL
);
