-- No two events of a conversation share a sender and client id: a resend of a send, edit
-- or delete finds the event stored under its id (idempotent sends). Events without a client
-- id (membership changes) are not constrained, NULLs being distinct in a unique constraint.
-- A database that already holds such a pair lost that guarantee once: of each pair, every
-- event after the first keeps its number and content but loses its client id, so that a
-- resend is answered with the first.
MERGE INTO events e
USING (SELECT conversation_id, seq
       FROM (SELECT conversation_id, seq,
                    ROW_NUMBER() OVER (PARTITION BY conversation_id, sender_id, client_id ORDER BY seq) AS n
             FROM events
             WHERE client_id IS NOT NULL) ranked
       WHERE n > 1) later
ON (e.conversation_id = later.conversation_id AND e.seq = later.seq)
WHEN MATCHED THEN UPDATE SET client_id = NULL;

ALTER TABLE events ADD CONSTRAINT events_client_id UNIQUE (conversation_id, sender_id, client_id);

DROP TABLE client_keys;

ALTER TABLE sequences DROP COLUMN keys_upto;
