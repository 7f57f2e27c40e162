import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

import type BetterSqlite3 from 'better-sqlite3';

import { logDebug } from '../diagnostics.ts';
import { LifecycleError } from './errors.ts';
import { migrations } from './state-migrations.ts';

/** Default wait for another process's write lock, in milliseconds. */
export const defaultBusyTimeoutMs = 5000;

export interface OpenStateOptions {
  /** How long a write waits for another connection's lock before ERR_STATE_DB_LOCKED. */
  busyTimeoutMs?: number;
}

type DatabaseConstructor = typeof BetterSqlite3;

/**
 * Loads the native module with `require` from this file's location. esbuild leaves such a
 * call alone, so the bundle in dist/ loads better-sqlite3 (and its .node binding) from
 * node_modules instead of inlining a module whose binding path it cannot follow.
 */
function loadDriver(): DatabaseConstructor {
  const require = createRequire(import.meta.url);
  return require('better-sqlite3') as DatabaseConstructor;
}

/**
 * Opens (and creates or migrates) the state database: WAL journal, so readers never block
 * the one writer, and a busy timeout, so concurrent runs wait for each other's short writes.
 * A damaged file is reported as ERR_STATE_DB_CORRUPT, and its content is not changed.
 */
export function openStateDatabase(path: string, options: OpenStateOptions = {}): BetterSqlite3.Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? defaultBusyTimeoutMs;
  const Database = loadDriver();
  return guardDatabase(path, 'opening', () => {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const database = new Database(path, { timeout: busyTimeoutMs });
    try {
      database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      migrate(database, path);
      return database;
    } catch (error) {
      database.close();
      throw error;
    }
  });
}

/** Returns the schema version recorded in the database (0 for a new file). */
export function schemaVersion(database: BetterSqlite3.Database): number {
  const table = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (table === undefined) return 0;
  const row = database.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Applies the missing migrations in one IMMEDIATE transaction. The version is read again
 * inside the transaction, so two processes opening a new file at once migrate it once.
 */
function migrate(database: BetterSqlite3.Database, path: string): void {
  const latest = migrations[migrations.length - 1]!.version;
  if (schemaVersion(database) === latest) return;

  const apply = database.transaction(() => {
    database.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const current = schemaVersion(database);
    if (current > latest) {
      // Damaged pages can read as a large version number, so rule out damage before blaming the version.
      assertIntact(database, path);
      throw new LifecycleError('ERR_STATE_DB_NEWER', `the state database "${path}" has schema version ${current}; this aicore-mtls knows up to ${latest}`, {
        fix: 'Use the aicore-mtls version that wrote it (or a newer one), or point --state at another file.',
        details: { path, version: current, supported: latest },
      });
    }
    const insert = database.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      database.exec(migration.sql);
      insert.run(migration.version, migration.description, new Date().toISOString());
      logDebug('state', 'applied migration', { path, version: migration.version });
    }
  });
  apply.immediate();
}

/** Runs SQLite's quick_check (reads every page once) and raises ERR_STATE_DB_CORRUPT when it finds damage. */
export function assertIntact(database: BetterSqlite3.Database, path: string): void {
  const rows = database.pragma('quick_check(5)') as Array<{ quick_check: string }>;
  const problems = rows.map((row) => row.quick_check).filter((result) => result !== 'ok');
  if (problems.length === 0) return;
  throw new LifecycleError('ERR_STATE_DB_CORRUPT', `the state database "${path}" is damaged (${problems[0]}); it was not changed`, {
    fix: 'Restore it from a backup, or move it away and run again to start a new history (sqlite3 ".recover" may save its rows).',
    details: { path, problems },
  });
}

/**
 * Runs a database operation and turns SQLite's busy, corrupt and not-a-database failures into
 * LifecycleErrors that name the file. Other SQLite failures become ERR_STATE_DB_FAILED.
 */
export function guardDatabase<T>(path: string, action: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof LifecycleError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('SQLITE_')) throw error;
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new LifecycleError('ERR_STATE_DB_LOCKED', `the state database "${path}" is locked by another process (${action})`, {
        cause: error,
        fix: 'Another aicore-mtls run or an SQLite tool holds a write lock longer than the busy timeout. Wait for it to finish and run again.',
        details: { path, sqlite: code },
      });
    }
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      throw new LifecycleError('ERR_STATE_DB_CORRUPT', `the state database "${path}" is damaged or not an SQLite database (${action}); it was not changed`, {
        cause: error,
        fix: 'Restore it from a backup, or move it away and run again to start a new history (sqlite3 ".recover" may save its rows).',
        details: { path, sqlite: code },
      });
    }
    throw new LifecycleError('ERR_STATE_DB_FAILED', `the state database "${path}" failed (${action}): ${(error as Error).message}`, {
      cause: error,
      fix: 'Check that the folder is writable and the disk is not full.',
      details: { path, sqlite: code },
    });
  }
}
