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
  observedAt: string;
  /** Where it was read: `Destination certificate "islm.pem"`, a file path, `--fingerprint`. */
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

  recordObservation(observation: CertificateObservation): void {
    this.#guard('recording a certificate observation', () => {
      this.#database
        .prepare(
          `INSERT INTO certificate_observations (landscape, source, sha256, subject, issuer, serial_number, not_before, not_after, observed_at, origin)
           VALUES (@landscape, @source, @sha256, @subject, @issuer, @serialNumber, @notBefore, @notAfter, @observedAt, @origin)`,
        )
        .run({ subject: null, issuer: null, serialNumber: null, notBefore: null, notAfter: null, ...observation });
    });
  }

  /** The most recent observation of a landscape at one source. */
  latestObservation(landscape: string, source: ObservationSource): CertificateObservation | undefined {
    const row = this.#guard('reading observations', () =>
      this.#database
        .prepare('SELECT * FROM certificate_observations WHERE landscape = ? AND source = ? ORDER BY observed_at DESC, id DESC LIMIT 1')
        .get(landscape, source) as ObservationRow | undefined,
    );
    return row && fromRow(row);
  }

  /** The most complete observation of a fingerprint in a landscape, from any source (to fill in a fingerprint-only record). */
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

  recordStatus(landscape: string, evaluatedAt: string, verdict: string, findings: unknown): void {
    this.#guard('recording a status verdict', () => {
      this.#database.prepare('INSERT INTO status_results (landscape, evaluated_at, verdict, findings) VALUES (?, ?, ?, ?)').run(landscape, evaluatedAt, verdict, JSON.stringify(findings));
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
  return observation;
}
