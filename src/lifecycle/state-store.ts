import type BetterSqlite3 from 'better-sqlite3';

import { guardDatabase, openStateDatabase, type OpenStateOptions } from './state-db.ts';

export type ObservationSource = 'btp' | 'binding' | 's4';

/** One certificate as seen at one place and time. Fields other than `sha256` are absent when only the fingerprint is known. */
export interface CertificateObservation {
  landscape: string;
  source: ObservationSource;
  /** Lowercase hex SHA-256 of the DER. */
  sha256: string;
  subject?: string;
  issuer?: string;
  serialNumber?: string;
  notBefore?: string;
  notAfter?: string;
  /** When this certificate was first seen there (for S/4HANA: when the import was recorded). */
  observedAt: string;
  /** When it was last seen there; repeated observations of the same certificate update only this. */
  lastSeenAt?: string;
  /** Source of the value: `Destination certificate "islm.pem"`, a file path, `--fingerprint`. */
  origin: string;
}

export interface CheckRecord {
  landscape: string;
  checkedAt: string;
  ok: boolean;
  certificateSha256?: string;
  diagnosis?: string;
  detail: string;
}

export interface RenewalRecord {
  landscape: string;
  recordedAt: string;
  previousSha256?: string;
  newSha256: string;
  files: string[];
}

interface ObservationRow {
  landscape: string;
  source: ObservationSource;
  sha256: string;
  subject: string | null;
  issuer: string | null;
  serial_number: string | null;
  not_before: string | null;
  not_after: string | null;
  observed_at: string;
  last_seen_at: string | null;
  origin: string;
}

/**
 * The lifecycle history of every landscape, in an SQLite file. Each method is one short
 * statement or transaction, so concurrent runs only wait for each other briefly.
 */
export class StateStore {
  readonly path: string;
  readonly #database: BetterSqlite3.Database;

  private constructor(path: string, database: BetterSqlite3.Database) {
    this.path = path;
    this.#database = database;
  }

  static open(path: string, options: OpenStateOptions = {}): StateStore {
    return new StateStore(path, openStateDatabase(path, options));
  }

  /**
   * Records an observation. A BTP or binding observation of the same certificate from the same
   * origin as the latest one only moves that row's `last_seen_at`, so a status job every few
   * minutes does not add a row per run. S/4HANA records are always new rows: each is an import.
   */
  recordObservation(observation: CertificateObservation): void {
    this.#guard('recording a certificate observation', () => {
      const record = this.#database.transaction(() => {
        if (observation.source !== 's4') {
          const latest = this.#database
            .prepare('SELECT id, sha256, origin FROM certificate_observations WHERE landscape = ? AND source = ? ORDER BY id DESC LIMIT 1')
            .get(observation.landscape, observation.source) as { id: number; sha256: string; origin: string } | undefined;
          if (latest && latest.sha256 === observation.sha256 && latest.origin === observation.origin) {
            this.#database.prepare('UPDATE certificate_observations SET last_seen_at = ? WHERE id = ?').run(observation.observedAt, latest.id);
            return;
          }
        }
        this.#database
          .prepare(
            `INSERT INTO certificate_observations (landscape, source, sha256, subject, issuer, serial_number, not_before, not_after, observed_at, last_seen_at, origin)
             VALUES (@landscape, @source, @sha256, @subject, @issuer, @serialNumber, @notBefore, @notAfter, @observedAt, @observedAt, @origin)`,
          )
          .run({ subject: null, issuer: null, serialNumber: null, notBefore: null, notAfter: null, ...observation });
      });
      record.immediate();
    });
  }

  /** Returns the last recorded observation of a landscape at one source. */
  latestObservation(landscape: string, source: ObservationSource): CertificateObservation | undefined {
    const row = this.#guard('reading observations', () =>
      this.#database
        .prepare('SELECT * FROM certificate_observations WHERE landscape = ? AND source = ? ORDER BY id DESC LIMIT 1')
        .get(landscape, source) as ObservationRow | undefined,
    );
    return row && fromRow(row);
  }

  /** Returns an observation of a fingerprint in a landscape that has validity dates, preferring the newest (to fill in a fingerprint-only record). */
  findCertificate(landscape: string, sha256: string): CertificateObservation | undefined {
    const row = this.#guard('reading observations', () =>
      this.#database
        .prepare('SELECT * FROM certificate_observations WHERE landscape = ? AND sha256 = ? ORDER BY not_after IS NULL, observed_at DESC, id DESC LIMIT 1')
        .get(landscape, sha256) as ObservationRow | undefined,
    );
    return row && fromRow(row);
  }

  /** Every observation of a landscape, oldest first. */
  observations(landscape: string): CertificateObservation[] {
    const rows = this.#guard('reading observations', () =>
      this.#database.prepare('SELECT * FROM certificate_observations WHERE landscape = ? ORDER BY observed_at, id').all(landscape) as ObservationRow[],
    );
    return rows.map(fromRow);
  }

  recordCheck(record: CheckRecord): void {
    this.#guard('recording a check result', () => {
      this.#database
        .prepare('INSERT INTO check_results (landscape, checked_at, ok, certificate_sha256, diagnosis, detail) VALUES (?, ?, ?, ?, ?, ?)')
        .run(record.landscape, record.checkedAt, record.ok ? 1 : 0, record.certificateSha256 ?? null, record.diagnosis ?? null, record.detail);
    });
  }

  /** Records a verdict; the same verdict with the same findings as the latest one only moves its `last_seen_at`. */
  recordStatus(landscape: string, evaluatedAt: string, verdict: string, findings: unknown): void {
    const text = JSON.stringify(findings);
    this.#guard('recording a status verdict', () => {
      const record = this.#database.transaction(() => {
        const latest = this.#database.prepare('SELECT id, verdict, findings FROM status_results WHERE landscape = ? ORDER BY id DESC LIMIT 1').get(landscape) as
          | { id: number; verdict: string; findings: string }
          | undefined;
        if (latest && latest.verdict === verdict && latest.findings === text) {
          this.#database.prepare('UPDATE status_results SET last_seen_at = ? WHERE id = ?').run(evaluatedAt, latest.id);
          return;
        }
        this.#database.prepare('INSERT INTO status_results (landscape, evaluated_at, last_seen_at, verdict, findings) VALUES (?, ?, ?, ?, ?)').run(landscape, evaluatedAt, evaluatedAt, verdict, text);
      });
      record.immediate();
    });
  }

  /** The latest verdict of a landscape with when it was first and last evaluated that way. */
  latestStatus(landscape: string): { verdict: string; evaluatedAt: string; lastSeenAt: string } | undefined {
    return this.#guard('reading verdicts', () => {
      const row = this.#database.prepare('SELECT verdict, evaluated_at, last_seen_at FROM status_results WHERE landscape = ? ORDER BY id DESC LIMIT 1').get(landscape) as
        | { verdict: string; evaluated_at: string; last_seen_at: string }
        | undefined;
      return row && { verdict: row.verdict, evaluatedAt: row.evaluated_at, lastSeenAt: row.last_seen_at };
    });
  }

  recordRenewal(record: RenewalRecord): void {
    this.#guard('recording a renewal', () => {
      this.#database
        .prepare('INSERT INTO renewals (landscape, recorded_at, previous_sha256, new_sha256, files) VALUES (?, ?, ?, ?, ?)')
        .run(record.landscape, record.recordedAt, record.previousSha256 ?? null, record.newSha256, JSON.stringify(record.files));
    });
  }

  /** Row counts per table, for tests and `--verbose`. */
  countRows(table: 'certificate_observations' | 'check_results' | 'status_results' | 'renewals'): number {
    return this.#guard('counting rows', () => (this.#database.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get() as { count: number }).count);
  }

  close(): void {
    this.#database.close();
  }

  #guard<T>(action: string, run: () => T): T {
    return guardDatabase(this.path, action, run);
  }
}

function fromRow(row: ObservationRow): CertificateObservation {
  const observation: CertificateObservation = { landscape: row.landscape, source: row.source, sha256: row.sha256, observedAt: row.observed_at, origin: row.origin };
  if (row.subject !== null) observation.subject = row.subject;
  if (row.issuer !== null) observation.issuer = row.issuer;
  if (row.serial_number !== null) observation.serialNumber = row.serial_number;
  if (row.not_before !== null) observation.notBefore = row.not_before;
  if (row.not_after !== null) observation.notAfter = row.not_after;
  if (row.last_seen_at !== null) observation.lastSeenAt = row.last_seen_at;
  return observation;
}
