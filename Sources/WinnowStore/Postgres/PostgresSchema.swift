import Foundation
import PostgresNIO

/// The schema on PostgreSQL: the same migrations as on SQLite (``Store/migrator``), by the same names and in the
/// same order, each written for PostgreSQL. Never edit one: add a new one, to both lists.
enum PostgresSchema {
    static let migrations: [(name: String, sql: String)] = [
        (
            "v1-sources-examples-errors",
            """
            CREATE TABLE sources (
              id bigserial PRIMARY KEY, path text NOT NULL, sha256 text NOT NULL UNIQUE, format text NOT NULL,
              size bigint NOT NULL, status text NOT NULL DEFAULT 'importing', records_done bigint NOT NULL DEFAULT 0,
              records_read bigint NOT NULL DEFAULT 0, imported bigint NOT NULL DEFAULT 0,
              skipped_duplicates bigint NOT NULL DEFAULT 0, quarantined bigint NOT NULL DEFAULT 0,
              notes text NOT NULL DEFAULT '[]', created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
            CREATE TABLE examples (
              id bigserial PRIMARY KEY, content_hash bytea NOT NULL, input text NOT NULL, response text, label text,
              training_point text, ticket_id text, messages text NOT NULL DEFAULT '[]',
              metadata text NOT NULL DEFAULT '{}', source_id bigint NOT NULL REFERENCES sources,
              locator text NOT NULL, status text NOT NULL DEFAULT 'pending', label_override text, edited_input text,
              edited_response text, version bigint NOT NULL DEFAULT 0, created_at timestamptz NOT NULL);
            CREATE TABLE import_errors (
              id bigserial PRIMARY KEY, source_id bigint NOT NULL REFERENCES sources, locator text NOT NULL,
              kind text NOT NULL, message text NOT NULL, snippet text NOT NULL, created_at timestamptz NOT NULL,
              UNIQUE (source_id, locator));
            """
        ),
        (
            "v1-runs-flags-decisions",
            """
            CREATE TABLE runs (
              id bigserial PRIMARY KEY, command text NOT NULL, parameters text NOT NULL DEFAULT '{}',
              summary text NOT NULL DEFAULT '{}', status text NOT NULL DEFAULT 'running',
              started_at timestamptz NOT NULL, finished_at timestamptz);
            CREATE TABLE flags (
              id bigserial PRIMARY KEY, example_id bigint NOT NULL REFERENCES examples ON DELETE CASCADE,
              run_id bigint REFERENCES runs, check_id text NOT NULL, severity text NOT NULL, field text,
              span_start bigint, span_end bigint, message text NOT NULL, evidence text NOT NULL DEFAULT '{}',
              created_at timestamptz NOT NULL);
            CREATE INDEX flags_on_example ON flags (example_id);
            CREATE INDEX flags_on_check ON flags (check_id);
            CREATE TABLE decisions (
              id bigserial PRIMARY KEY, example_id bigint NOT NULL REFERENCES examples, reviewer text NOT NULL,
              action text NOT NULL, before text NOT NULL DEFAULT '{}', after text NOT NULL DEFAULT '{}', note text,
              created_at timestamptz NOT NULL);
            CREATE INDEX decisions_on_example ON decisions (example_id);
            """
        ),
        (
            "v2-embeddings",
            """
            CREATE TABLE embeddings (
              example_id bigint NOT NULL REFERENCES examples ON DELETE CASCADE, model text NOT NULL,
              text_hash bytea NOT NULL, dimension bigint NOT NULL, vector bytea NOT NULL,
              created_at timestamptz NOT NULL, PRIMARY KEY (example_id, model));
            """
        ),
        (
            "v3-splits",
            """
            CREATE TABLE splits (
              id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, parameters text NOT NULL DEFAULT '{}',
              summary text NOT NULL DEFAULT '{}', run_id bigint REFERENCES runs, created_at timestamptz NOT NULL);
            CREATE TABLE split_members (
              split_id bigint NOT NULL REFERENCES splits, example_id bigint NOT NULL REFERENCES examples,
              part text NOT NULL CHECK (part IN ('train', 'validation', 'test')), PRIMARY KEY (split_id, example_id));
            CREATE INDEX split_members_by_part ON split_members (split_id, part);
            CREATE FUNCTION splits_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'a split never changes once made'; END $$;
            CREATE TRIGGER splits_never_update BEFORE UPDATE ON splits
              FOR EACH ROW EXECUTE FUNCTION splits_never_change();
            CREATE TRIGGER splits_never_delete BEFORE DELETE ON splits
              FOR EACH ROW EXECUTE FUNCTION splits_never_change();
            CREATE TRIGGER split_members_never_update BEFORE UPDATE ON split_members
              FOR EACH ROW EXECUTE FUNCTION splits_never_change();
            CREATE TRIGGER split_members_never_delete BEFORE DELETE ON split_members
              FOR EACH ROW EXECUTE FUNCTION splits_never_change();
            """
        ),
        (
            "v3-decision-versions",
            """
            ALTER TABLE decisions ADD COLUMN based_on bigint, ADD COLUMN version bigint,
              ADD COLUMN reverts bigint REFERENCES decisions;
            CREATE INDEX decisions_on_reviewer ON decisions (reviewer, id);
            CREATE INDEX decisions_on_reverts ON decisions (reverts);
            """
        ),
        (
            // On SQLite a table of 8-byte keys; here an index on the hash does the same work.
            "v3-content-keys",
            "CREATE INDEX examples_on_content_hash ON examples (content_hash);"
        ),
        (
            "v4-import-identity",
            """
            ALTER TABLE sources ADD COLUMN absolute_path text;
            CREATE TABLE import_skips (
              id bigserial PRIMARY KEY, source_id bigint NOT NULL REFERENCES sources, locator text NOT NULL,
              reason text NOT NULL, duplicate_of bigint NOT NULL, created_at timestamptz NOT NULL,
              UNIQUE (source_id, locator));
            CREATE INDEX examples_on_source ON examples (source_id);
            """
        ),
        (
            "v4-project-settings",
            """
            CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL);
            """
        ),
        (
            "v5-test-cases",
            """
            CREATE TABLE test_cases (
              id bigserial PRIMARY KEY, input text NOT NULL, expected_label text NOT NULL, training_point text,
              note text, origin text NOT NULL, example_id bigint REFERENCES examples,
              status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')), duplicate_of bigint,
              duplicate_tier text, duplicate_similarity double precision, created_at timestamptz NOT NULL,
              updated_at timestamptz NOT NULL);
            CREATE INDEX test_cases_on_example ON test_cases (example_id);
            CREATE TABLE test_case_events (
              id bigserial PRIMARY KEY, case_id bigint NOT NULL REFERENCES test_cases, action text NOT NULL,
              actor text NOT NULL, detail text NOT NULL DEFAULT '{}', created_at timestamptz NOT NULL);
            CREATE INDEX test_case_events_on_case ON test_case_events (case_id);
            """
        ),
        (
            "v6-users-sessions",
            """
            CREATE TABLE users (
              name text PRIMARY KEY, role text NOT NULL CHECK (role IN ('reviewer', 'admin')),
              password_hash text NOT NULL, must_change_password boolean NOT NULL DEFAULT true,
              created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
            CREATE TABLE web_sessions (
              token_hash text PRIMARY KEY, user_name text REFERENCES users ON DELETE CASCADE,
              csrf_token text NOT NULL, flash text, created_at timestamptz NOT NULL, expires_at timestamptz NOT NULL);
            CREATE INDEX web_sessions_on_expiry ON web_sessions (expires_at);
            CREATE TABLE sign_in_failures (
              id bigserial PRIMARY KEY, user_name text NOT NULL, client text NOT NULL, at timestamptz NOT NULL);
            CREATE INDEX sign_in_failures_on_name ON sign_in_failures (user_name, at);
            CREATE INDEX sign_in_failures_on_client ON sign_in_failures (client, at);
            """
        ),
        (
            "v7-work-claims",
            """
            CREATE TABLE work_claims (
              task text NOT NULL, example_id bigint NOT NULL REFERENCES examples ON DELETE CASCADE,
              text_hash bytea NOT NULL, worker text, claimed_at timestamptz, lease_until timestamptz,
              finished_at timestamptz, attempts bigint NOT NULL DEFAULT 0, PRIMARY KEY (task, example_id));
            CREATE INDEX work_claims_open ON work_claims (task, example_id) WHERE finished_at IS NULL;
            """
        ),
        (
            // Bulk import: the foreign key from examples to sources was checked row by row (a lookup and a lock of
            // the source for each row, 44% of a COPY's time); only the import writes examples, with the source it
            // registered, and nothing deletes sources. A batch's rows take their creation time from the server.
            "v8-bulk-import",
            """
            ALTER TABLE examples DROP CONSTRAINT IF EXISTS examples_source_id_fkey;
            ALTER TABLE examples ALTER COLUMN created_at SET DEFAULT now();
            """
        ),
        (
            // Indexes cheap to keep up in a bulk COPY. Content hashes are random 32-byte keys, only ever looked up for
            // equality: a B-tree over them took more than half of a COPY's time (each insert into a random leaf), a
            // hash index about a third as long. Examples arrive grouped by source, in id order: a BRIN index (a
            // summary per block range, each summarised once filled) finds a source's rows at a fraction of a B-tree's
            // upkeep.
            "v9-import-indexes",
            """
            DROP INDEX IF EXISTS examples_on_content_hash;
            CREATE INDEX examples_on_content_hash ON examples USING hash (content_hash);
            DROP INDEX IF EXISTS examples_on_source;
            CREATE INDEX examples_on_source ON examples USING brin (source_id) WITH (autosummarize = on);
            """
        ),
        (
            // Each file's import looks up the earlier sources at its path; without these it read every source.
            "v10-source-paths",
            """
            CREATE INDEX sources_on_absolute_path ON sources (absolute_path);
            CREATE INDEX sources_on_path ON sources (path);
            """
        ),
    ]

    /// Applies the migrations the database lacks, in order, each in its own transaction; concurrent openers wait
    /// for one another (an advisory lock), so each migration runs once.
    /// Returns whether the database had no Winnow tables before.
    @discardableResult
    static func migrate(_ link: PostgresLink) throws -> Bool {
        try link.transaction {
            try link.execute("SELECT pg_advisory_xact_lock(7072696)")
            let existed =
                try link.scalar(Bool.self, "SELECT to_regclass('winnow_migrations') IS NOT NULL") ?? false
            try link.execute(
                """
                CREATE TABLE IF NOT EXISTS winnow_migrations (
                  position bigserial, identifier text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let applied = Set(
                try link.query("SELECT identifier FROM winnow_migrations").map { try $0[0].decode(String.self) })
            for migration in migrations where !applied.contains(migration.name) {
                for statement in statements(migration.sql) { try link.execute(statement) }
                try link.execute(
                    "INSERT INTO winnow_migrations (identifier) VALUES ($1)", [.text(migration.name)])
            }
            return !existed
        }
    }

    /// A migration's statements (each ends with a semicolon at the end of a line; the extended protocol takes one
    /// at a time).
    static func statements(_ sql: String) -> [String] {
        (sql + "\n").components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// The migrations applied, in order.
    static func applied(_ link: PostgresLink) throws -> [String] {
        try link.query("SELECT identifier FROM winnow_migrations ORDER BY position").map {
            try $0[0].decode(String.self)
        }
    }
}
