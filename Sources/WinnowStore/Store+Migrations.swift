import GRDB

extension Store {
    /// The schema, as named append-only migrations. Never edit a registered migration: add a new one.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-sources-examples-errors") { db in
            try db.create(table: "sources") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("path", .text).notNull()
                table.column("sha256", .text).notNull().unique()
                table.column("format", .text).notNull()
                table.column("size", .integer).notNull()
                table.column("status", .text).notNull().defaults(to: "importing")
                table.column("records_done", .integer).notNull().defaults(to: 0)
                table.column("records_read", .integer).notNull().defaults(to: 0)
                table.column("imported", .integer).notNull().defaults(to: 0)
                table.column("skipped_duplicates", .integer).notNull().defaults(to: 0)
                table.column("quarantined", .integer).notNull().defaults(to: 0)
                table.column("notes", .text).notNull().defaults(to: "[]")
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "examples") { table in
                table.autoIncrementedPrimaryKey("id")
                // sha256 of the normalised content, 32 raw bytes: the identity that makes re-imports add nothing.
                table.column("content_hash", .blob).notNull().unique()
                table.column("input", .text).notNull()
                table.column("response", .text)
                table.column("label", .text)
                table.column("training_point", .text)
                table.column("ticket_id", .text)
                table.column("messages", .text).notNull().defaults(to: "[]")
                table.column("metadata", .text).notNull().defaults(to: "{}")
                table.column("source_id", .integer).notNull().references("sources")
                table.column("locator", .text).notNull()
                table.column("status", .text).notNull().defaults(to: "pending")
                table.column("label_override", .text)
                table.column("edited_input", .text)
                table.column("edited_response", .text)
                table.column("version", .integer).notNull().defaults(to: 0)
                table.column("created_at", .datetime).notNull()
            }
            // Only the content-hash index is kept up to date during imports; listings scan (a million rows take
            // well under a second) so that each insert maintains one index, not five.
            try db.create(table: "import_errors") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("source_id", .integer).notNull().references("sources")
                table.column("locator", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("message", .text).notNull()
                table.column("snippet", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.uniqueKey(["source_id", "locator"])
            }
        }
        migrator.registerMigration("v1-runs-flags-decisions") { db in
            try db.create(table: "runs") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("command", .text).notNull()
                table.column("parameters", .text).notNull().defaults(to: "{}")
                table.column("summary", .text).notNull().defaults(to: "{}")
                table.column("status", .text).notNull().defaults(to: "running")
                table.column("started_at", .datetime).notNull()
                table.column("finished_at", .datetime)
            }
            try db.create(table: "flags") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("example_id", .integer).notNull().references("examples", onDelete: .cascade)
                table.column("run_id", .integer).references("runs")
                table.column("check_id", .text).notNull()
                table.column("severity", .text).notNull()
                table.column("field", .text)
                table.column("span_start", .integer)
                table.column("span_end", .integer)
                table.column("message", .text).notNull()
                table.column("evidence", .text).notNull().defaults(to: "{}")
                table.column("created_at", .datetime).notNull()
            }
            try db.create(index: "flags_on_example", on: "flags", columns: ["example_id"])
            try db.create(index: "flags_on_check", on: "flags", columns: ["check_id"])
            try db.create(table: "decisions") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("example_id", .integer).notNull().references("examples")
                table.column("reviewer", .text).notNull()
                table.column("action", .text).notNull()
                table.column("before", .text).notNull().defaults(to: "{}")
                table.column("after", .text).notNull().defaults(to: "{}")
                table.column("note", .text)
                table.column("created_at", .datetime).notNull()
            }
            try db.create(index: "decisions_on_example", on: "decisions", columns: ["example_id"])
        }
        migrator.registerMigration("v2-embeddings") { db in
            try db.create(table: "embeddings") { table in
                table.column("example_id", .integer).notNull().references("examples", onDelete: .cascade)
                table.column("model", .text).notNull()
                // sha256 of the embedded text: a changed text is embedded again.
                table.column("text_hash", .blob).notNull()
                table.column("dimension", .integer).notNull()
                // Little-endian float32 values.
                table.column("vector", .blob).notNull()
                table.column("created_at", .datetime).notNull()
                table.primaryKey(["example_id", "model"])
            }
        }
        migrator.registerMigration("v3-splits") { db in
            try db.create(table: "splits") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique()
                table.column("parameters", .text).notNull().defaults(to: "{}")
                table.column("summary", .text).notNull().defaults(to: "{}")
                table.column("run_id", .integer).references("runs")
                table.column("created_at", .datetime).notNull()
            }
            try db.create(table: "split_members") { table in
                table.column("split_id", .integer).notNull().references("splits")
                table.column("example_id", .integer).notNull().references("examples")
                table.column("part", .text).notNull().check(sql: "part IN ('train', 'validation', 'test')")
                table.primaryKey(["split_id", "example_id"])
            }
            try db.create(index: "split_members_by_part", on: "split_members", columns: ["split_id", "part"])
            // A split never changes once made: the store itself refuses to edit or delete one.
            for (table, event) in [
                ("splits", "UPDATE"), ("splits", "DELETE"), ("split_members", "UPDATE"),
                ("split_members", "DELETE"),
            ] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER \(table)_never_\(event.lowercased()) BEFORE \(event) ON \(table)
                        BEGIN SELECT RAISE(ABORT, 'a split never changes once made'); END
                        """)
            }
        }
        migrator.registerMigration("v3-decision-versions") { db in
            try db.alter(table: "decisions") { table in
                // The example's version this decision was made against, and the version it produced.
                table.add(column: "based_on", .integer)
                table.add(column: "version", .integer)
                // For an undo: the decision it reverts.
                table.add(column: "reverts", .integer).references("decisions")
            }
            try db.create(index: "decisions_on_reviewer", on: "decisions", columns: ["reviewer", "id"])
            try db.create(index: "decisions_on_reverts", on: "decisions", columns: ["reverts"])
        }
        migrator.registerMigration("v3-content-keys") { db in
            // The unique index on the 32-byte hash made every import insert a random index entry (most of an
            // import's cost on a large store); `content_keys` replaces it (see ContentKeyIndex).
            try Store.rebuildExamplesWithoutUniqueHash(db)
            try db.create(table: "content_keys", options: .withoutRowID) { table in
                // The first 8 bytes of the content hash, big-endian, as a signed integer.
                table.column("key", .integer).notNull()
                table.column("example_id", .integer).notNull()
                table.primaryKey(["key", "example_id"])
            }
            try db.create(table: "content_key_state") { table in
                // Examples up to this id have their keys in content_keys; newer ones are found by id.
                table.column("merged_through", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO content_key_state (merged_through) VALUES (0)")
            try Store.buildContentKeys(db)
        }
        migrator.registerMigration("v4-import-identity") { db in
            try db.alter(table: "sources") { table in
                // The file's absolute path when imported: a new attempt at the same path supersedes the quarantine
                // entries of earlier ones.
                table.add(column: "absolute_path", .text)
            }
            // Records an import did not store because they are already in the store (the same ticket, or the same
            // text with --skip-duplicate-text): which example they duplicate, so that nothing goes unaccounted.
            try db.create(table: "import_skips") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("source_id", .integer).notNull().references("sources")
                table.column("locator", .text).notNull()
                table.column("reason", .text).notNull()
                table.column("duplicate_of", .integer).notNull()
                table.column("created_at", .datetime).notNull()
                table.uniqueKey(["source_id", "locator"])
            }
        }
        migrator.registerMigration("v4-project-settings") { db in
            // Project-wide settings as JSON values (the label list `winnow init --labels` sets).
            try db.create(table: "settings") { table in
                table.column("key", .text).primaryKey()
                table.column("value", .text).notNull()
                table.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v5-test-cases") { db in
            // Test cases: texts with the label a model should give them, kept apart from training data. A case
            // promoted from an example names it; that example never again enters a split's train or validation part.
            try db.create(table: "test_cases") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("input", .text).notNull()
                table.column("expected_label", .text).notNull()
                table.column("training_point", .text)
                table.column("note", .text)
                table.column("origin", .text).notNull()
                table.column("example_id", .integer).references("examples")
                table.column("status", .text).notNull().defaults(to: "active")
                    .check(sql: "status IN ('active', 'removed')")
                // The training example this case is a copy or near copy of (it would test memory, not learning).
                table.column("duplicate_of", .integer)
                table.column("duplicate_tier", .text)
                table.column("duplicate_similarity", .double)
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
            }
            try db.create(index: "test_cases_on_example", on: "test_cases", columns: ["example_id"])
            try db.create(table: "test_case_events") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("case_id", .integer).notNull().references("test_cases")
                table.column("action", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("detail", .text).notNull().defaults(to: "{}")
                table.column("created_at", .datetime).notNull()
            }
            try db.create(index: "test_case_events_on_case", on: "test_case_events", columns: ["case_id"])
        }
        migrator.registerMigration("v6-users-sessions") { db in
            // Signed-in reviewers for `winnow serve --team`: accounts with a salted scrypt hash, browser sessions
            // (kept here so that several servers over one store share them; only a hash of each cookie is kept) and
            // failed sign-ins, counted for the rate limit.
            try db.create(table: "users") { table in
                table.column("name", .text).primaryKey()
                table.column("role", .text).notNull().check(sql: "role IN ('reviewer', 'admin')")
                table.column("password_hash", .text).notNull()
                table.column("must_change_password", .boolean).notNull().defaults(to: true)
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "web_sessions") { table in
                table.column("token_hash", .text).primaryKey()
                table.column("user_name", .text).references("users", onDelete: .cascade)
                table.column("csrf_token", .text).notNull()
                table.column("flash", .text)
                table.column("created_at", .datetime).notNull()
                table.column("expires_at", .datetime).notNull()
            }
            try db.create(index: "web_sessions_on_expiry", on: "web_sessions", columns: ["expires_at"])
            try db.create(table: "sign_in_failures") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("user_name", .text).notNull()
                table.column("client", .text).notNull()
                table.column("at", .datetime).notNull()
            }
            try db.create(index: "sign_in_failures_on_name", on: "sign_in_failures", columns: ["user_name", "at"])
            try db.create(index: "sign_in_failures_on_client", on: "sign_in_failures", columns: ["client", "at"])
        }
        migrator.registerMigration("v7-work-claims") { db in
            // Work shared by several processes (embedding on a PostgreSQL store): one row per example and task,
            // queued with the hash of the text to work on, claimed by a worker for a lease, finished once its result
            // is stored. Finished rows stay, so each example's last worker is known.
            try db.create(table: "work_claims") { table in
                table.column("task", .text).notNull()
                table.column("example_id", .integer).notNull().references("examples", onDelete: .cascade)
                table.column("text_hash", .blob).notNull()
                table.column("worker", .text)
                table.column("claimed_at", .datetime)
                table.column("lease_until", .datetime)
                table.column("finished_at", .datetime)
                table.column("attempts", .integer).notNull().defaults(to: 0)
                table.primaryKey(["task", "example_id"])
            }
        }
        migrator.registerMigration("v8-bulk-import") { _ in
            // On PostgreSQL this drops the examples-to-sources foreign key, whose row-by-row check slowed `COPY`, and
            // gives examples a default creation time. SQLite checks that key cheaply and keeps both as they are.
        }
        migrator.registerMigration("v9-import-indexes") { _ in
            // On PostgreSQL the content-hash index becomes a hash index (random 32-byte keys made its B-tree the
            // costliest part of a bulk COPY; it is only ever searched for equal hashes) and the source index a BRIN
            // index (examples arrive grouped by source). SQLite keeps its B-trees.
        }
        migrator.registerMigration("v10-source-paths") { db in
            // Each file's import looks up the earlier sources at its path (their quarantine entries give way to the
            // new pass): without these the lookup read every source, and a folder of 12,000 messages spent most of
            // its time there.
            try db.create(index: "sources_on_absolute_path", on: "sources", columns: ["absolute_path"])
            try db.create(index: "sources_on_path", on: "sources", columns: ["path"])
        }
        return migrator
    }
}
