/**
 * Schema migrations of the state database, in order. Each runs once, inside the transaction
 * that records its version in `schema_version`. Never edit a released migration: add a new one.
 *
 * Timestamps are ISO 8601 UTC text; fingerprints are lowercase hex SHA-256 of the DER.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'certificate observations, S/4HANA imports, checks, status verdicts, renewals',
    sql: `
      CREATE TABLE certificate_observations (
        id INTEGER PRIMARY KEY,
        landscape TEXT NOT NULL,
        -- btp: the Destination service; binding: the SAP AI Core key; s4: what S/4HANA holds
        source TEXT NOT NULL CHECK (source IN ('btp', 'binding', 's4')),
        sha256 TEXT NOT NULL,
        subject TEXT,
        issuer TEXT,
        serial_number TEXT,
        not_before TEXT,
        not_after TEXT,
        observed_at TEXT NOT NULL,
        origin TEXT NOT NULL
      );
      CREATE INDEX certificate_observations_latest ON certificate_observations (landscape, source, observed_at);

      CREATE TABLE check_results (
        id INTEGER PRIMARY KEY,
        landscape TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        ok INTEGER NOT NULL,
        certificate_sha256 TEXT,
        diagnosis TEXT,
        detail TEXT NOT NULL
      );

      CREATE TABLE status_results (
        id INTEGER PRIMARY KEY,
        landscape TEXT NOT NULL,
        evaluated_at TEXT NOT NULL,
        verdict TEXT NOT NULL,
        findings TEXT NOT NULL
      );

      CREATE TABLE renewals (
        id INTEGER PRIMARY KEY,
        landscape TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        previous_sha256 TEXT,
        new_sha256 TEXT NOT NULL,
        files TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'last_seen_at: repeated identical observations and verdicts update one row',
    sql: `
      ALTER TABLE certificate_observations ADD COLUMN last_seen_at TEXT;
      UPDATE certificate_observations SET last_seen_at = observed_at;
      ALTER TABLE status_results ADD COLUMN last_seen_at TEXT;
      UPDATE status_results SET last_seen_at = evaluated_at;
      CREATE INDEX status_results_latest ON status_results (landscape, id);
    `,
  },
];
