import GRDB

extension SQLiteTrackingStore {
    /// Named, append-only migrations. Never edit a registered migration: add a new one, so a file
    /// created by an older Strata opens (and is upgraded) in a newer one.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tracking-schema") { db in
            try db.execute(sql: schemaVersion1)
        }
        migrator.registerMigration("v2-users") { db in
            try db.execute(sql: usersSchema)
        }
        return migrator
    }

    /// The tables and indexes of migration `v1-tracking-schema` (never edited: see ``migrator``).
    /// Also read by the search benchmark, which builds its database from the same DDL.
    package static let schemaVersion1 = """
        CREATE TABLE experiments (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, display_name TEXT,
          description TEXT, created_by TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL);
        CREATE TABLE trials (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
          experiment_id INTEGER NOT NULL REFERENCES experiments(id), display_name TEXT,
          metadata TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL);
        CREATE TABLE trial_components (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, display_name TEXT,
          status TEXT NOT NULL, status_message TEXT, start_time REAL, end_time REAL, source_job TEXT,
          created_at REAL NOT NULL, updated_at REAL NOT NULL);
        CREATE TABLE trial_component_links (
          trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
          component_id INTEGER NOT NULL REFERENCES trial_components(id) ON DELETE CASCADE,
          PRIMARY KEY (trial_id, component_id));
        CREATE TABLE tags (entity_kind TEXT NOT NULL, entity_id INTEGER NOT NULL, key TEXT NOT NULL,
          value TEXT NOT NULL, PRIMARY KEY (entity_kind, entity_id, key));
        CREATE TABLE parameters (
          component_id INTEGER NOT NULL REFERENCES trial_components(id) ON DELETE CASCADE,
          name TEXT NOT NULL, number_value REAL, string_value TEXT,
          PRIMARY KEY (component_id, name));
        CREATE TABLE artifacts (
          component_id INTEGER NOT NULL REFERENCES trial_components(id) ON DELETE CASCADE,
          direction TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, media_type TEXT,
          size_bytes INTEGER, sha256 TEXT, PRIMARY KEY (component_id, direction, name));
        CREATE TABLE metric_summaries (
          component_id INTEGER NOT NULL REFERENCES trial_components(id) ON DELETE CASCADE,
          name TEXT NOT NULL, count INTEGER NOT NULL, min REAL, max REAL, avg REAL, std REAL,
          last REAL, last_step INTEGER, last_timestamp REAL, m2 REAL,
          PRIMARY KEY (component_id, name));
        CREATE TABLE metric_points (
          component_id INTEGER NOT NULL REFERENCES trial_components(id) ON DELETE CASCADE,
          name TEXT NOT NULL, step INTEGER, timestamp REAL NOT NULL, value REAL NOT NULL);
        CREATE INDEX metric_points_component_name ON metric_points(component_id, name, step);
        CREATE INDEX metric_summaries_name ON metric_summaries(name, last);
        CREATE INDEX parameters_name_number ON parameters(name, number_value);
        CREATE INDEX parameters_name_string ON parameters(name, string_value);
        CREATE INDEX tags_key_value ON tags(entity_kind, key, value);
        CREATE INDEX links_component ON trial_component_links(component_id);
        CREATE INDEX trials_experiment ON trials(experiment_id);
        CREATE INDEX components_created ON trial_components(created_at);
        """
}
