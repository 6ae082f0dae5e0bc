-- Documents and $ref targets, by the hex SHA-256 of their bytes.
CREATE TABLE cognito_mcp_documents (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    body   bytea NOT NULL
);

-- One row per added source. config holds baseUrl, auth references (never
-- secrets), headers, include and exclude, as registry.Config's JSON.
CREATE TABLE cognito_mcp_sources (
    namespace  text PRIMARY KEY,
    origin     text NOT NULL,
    location   text NOT NULL DEFAULT '',
    document   text NOT NULL REFERENCES cognito_mcp_documents (sha256),
    refs       jsonb NOT NULL DEFAULT '{}',
    config     jsonb NOT NULL DEFAULT '{}',
    added_at   timestamptz NOT NULL,
    version    bigint NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);
