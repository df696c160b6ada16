-- Budget scenarios that district leaders save to share by link and to
-- compare: the request that defines each, evaluated again when opened so
-- that it follows the district's latest data.

-- +goose Up
CREATE TABLE scenarios (
    scenario_id id_text NOT NULL,
    user_id     id_text NOT NULL,
    name        TEXT NOT NULL,
    school_year INTEGER NOT NULL,
    request     TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    CONSTRAINT scenarios_pkey PRIMARY KEY (scenario_id),
    CONSTRAINT scenarios_user_fkey FOREIGN KEY (user_id) REFERENCES users (user_id),
    CONSTRAINT scenarios_name_check CHECK (length(name) BETWEEN 1 AND 200)
);

CREATE INDEX scenarios_created_idx ON scenarios (created_at);

-- +goose Down
DROP TABLE scenarios;
