-- Rate limits (fixed windows shared by every node), contacts and blocks.
CREATE TABLE rate_limits (
    bucket       VARCHAR(96)              PRIMARY KEY,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    hits         INT                      NOT NULL
);

-- A contact is a phone number in someone's address book: it need not be registered yet,
-- and is matched to a user by number when it is read.
CREATE TABLE contacts (
    owner_id   BIGINT                   NOT NULL REFERENCES users (id),
    phone      VARCHAR(16)              NOT NULL,
    name       VARCHAR(64),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (owner_id, phone)
);

CREATE TABLE blocks (
    user_id    BIGINT                   NOT NULL REFERENCES users (id),
    blocked_id BIGINT                   NOT NULL REFERENCES users (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, blocked_id)
);
