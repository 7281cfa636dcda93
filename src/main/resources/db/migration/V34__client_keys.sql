-- The sequencer's client-id cache holds only each conversation's recent keys exactly;
-- older ones go here, a batch of them per row (ClientKeyCache): a key is a 64-bit hash
-- of the sender and client id, stored with its event's number (16 bytes per key, big-endian
-- hash then number). A batch costs one row at the end of the conversation's range.
CREATE TABLE client_keys (
    conversation_id BIGINT NOT NULL,
    from_seq        BIGINT NOT NULL,
    keys            BYTEA  NOT NULL,
    PRIMARY KEY (conversation_id, from_seq)
);

-- Every event of the conversation up to this number with a client id has its key in
-- client_keys; later ones are read from events.
ALTER TABLE sequences ADD COLUMN keys_upto BIGINT NOT NULL DEFAULT 0;
