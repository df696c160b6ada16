-- Who may use TED: accounts with their password hashes, the sessions of
-- people signed in to the dashboards, the API tokens of other systems, and
-- the audit log of every look at a teacher's record and every change. Roles
-- and policies are rules of the authorization model, in casbin_rule (see
-- the migration of version 9).

-- +goose Up
CREATE TABLE users (
    user_id       id_text NOT NULL,
    email         TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (user_id),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_email_check CHECK (email = LOWER(email) AND email LIKE '%_@_%')
);

-- A session is found by the SHA-256 of its token; the token itself is
-- never stored.
CREATE TABLE sessions (
    token_hash   TEXT NOT NULL,
    user_id      id_text NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (token_hash),
    CONSTRAINT sessions_user_fkey FOREIGN KEY (user_id) REFERENCES users (user_id)
        ON DELETE CASCADE
);

CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
    token_id     id_text NOT NULL,
    user_id      id_text NOT NULL,
    token_hash   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP,
    CONSTRAINT api_tokens_pkey PRIMARY KEY (token_id),
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_user_fkey FOREIGN KEY (user_id) REFERENCES users (user_id)
);

CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- One row per event, never changed: the ids rise with time.
CREATE TABLE audit_log (
    audit_id   id_text NOT NULL,
    at         TIMESTAMP NOT NULL,
    user_id    TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    resource   TEXT NOT NULL,
    record_id  TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    CONSTRAINT audit_log_pkey PRIMARY KEY (audit_id),
    CONSTRAINT audit_log_outcome_check
        CHECK (outcome IN ('allowed', 'denied', 'succeeded', 'failed'))
);

CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
CREATE INDEX audit_log_record_idx ON audit_log (record_id, at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
