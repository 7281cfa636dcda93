-- The sequencer tells resends from new commands with its in-memory cache of each
-- conversation's stored client ids, read under the conversation's sequence row lock
-- (ClientKeyCache). The unique index it replaces cost a random leaf write per event.
DROP INDEX events_client_id;
