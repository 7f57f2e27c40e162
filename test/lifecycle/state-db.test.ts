import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

import type BetterSqlite3 from 'better-sqlite3';

import { openStateDatabase, schemaVersion, StateStore } from '../../src/lifecycle/index.ts';
import { migrations } from '../../src/lifecycle/state-migrations.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const folder = await createTempDir('aicore-mtls-state-');

const observation = { landscape: 'DEV', source: 'btp' as const, sha256: 'a'.repeat(64), subject: 'CN=x', issuer: 'CN=ca', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', observedAt: '2026-02-01T00:00:00.000Z', origin: 'test' };

test('state database migrates new file', () => {
  const path = join(folder, 'new', 'state.db');
  const database = openStateDatabase(path);
  assert.equal(schemaVersion(database), migrations.at(-1)!.version);
  assert.equal(database.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(database.pragma('busy_timeout', { simple: true }), 5000);
  database.close();

  const again = openStateDatabase(path);
  const rows = again.prepare('SELECT version FROM schema_version').all();
  assert.equal(rows.length, migrations.length, 'each migration applied once');
  again.close();
});

test('state store round-trips observations', () => {
  const store = StateStore.open(join(folder, 'roundtrip.db'));
  store.recordObservation(observation);
  store.recordObservation({ landscape: 'DEV', source: 's4', sha256: 'a'.repeat(64), observedAt: '2026-02-02T00:00:00.000Z', origin: '--fingerprint' });
  assert.equal(store.latestObservation('DEV', 's4')?.notAfter, undefined);
  assert.equal(store.findCertificate('DEV', 'a'.repeat(64))?.notAfter, observation.notAfter);
  assert.equal(store.latestObservation('QAS', 'btp'), undefined);
  store.close();
});

test('state store deduplicates observations', () => {
  const store = StateStore.open(join(folder, 'dedupe.db'));
  store.recordObservation(observation);
  store.recordObservation({ ...observation, observedAt: '2026-02-03T00:00:00.000Z' });
  assert.equal(store.countRows('certificate_observations'), 1);
  assert.equal(store.latestObservation('DEV', 'btp')?.observedAt, observation.observedAt);
  assert.equal(store.latestObservation('DEV', 'btp')?.lastSeenAt, '2026-02-03T00:00:00.000Z');

  store.recordObservation({ ...observation, sha256: 'b'.repeat(64), observedAt: '2026-02-04T00:00:00.000Z' });
  assert.equal(store.countRows('certificate_observations'), 2);
  store.recordObservation({ ...observation, source: 's4', observedAt: '2026-02-05T00:00:00.000Z' });
  store.recordObservation({ ...observation, source: 's4', observedAt: '2026-02-06T00:00:00.000Z' });
  assert.equal(store.countRows('certificate_observations'), 4, 'each S/4HANA import is a row');

  store.recordStatus('DEV', '2026-02-01T00:00:00.000Z', 'OK', []);
  store.recordStatus('DEV', '2026-02-02T00:00:00.000Z', 'OK', []);
  store.recordStatus('DEV', '2026-02-03T00:00:00.000Z', 'EXPIRING', [{ verdict: 'EXPIRING', message: 'x' }]);
  assert.equal(store.countRows('status_results'), 2);
  assert.deepEqual(store.latestStatus('DEV'), { verdict: 'EXPIRING', evaluatedAt: '2026-02-03T00:00:00.000Z', lastSeenAt: '2026-02-03T00:00:00.000Z' });
  store.close();
});

test('state database migrates version 1', () => {
  const path = join(folder, 'version-1.db');
  const raw = new Database(path);
  raw.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  raw.exec(migrations[0]!.sql);
  raw.prepare("INSERT INTO schema_version VALUES (1, 'v1', '2026-01-01')").run();
  raw.prepare("INSERT INTO certificate_observations (landscape, source, sha256, observed_at, origin) VALUES ('DEV', 'btp', ?, '2026-01-02T00:00:00.000Z', 'old')").run('c'.repeat(64));
  raw.close();

  const store = StateStore.open(path);
  assert.equal(store.latestObservation('DEV', 'btp')?.lastSeenAt, '2026-01-02T00:00:00.000Z');
  store.close();
  const check = new Database(path, { readonly: true });
  assert.equal(schemaVersion(check), 2);
  check.close();
});

test('state database newer schema rejected', () => {
  const path = join(folder, 'newer.db');
  openStateDatabase(path).close();
  const raw = new Database(path);
  raw.prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 'now')").run();
  raw.close();
  assert.throws(() => openStateDatabase(path), (error: { code?: string; message: string }) => {
    assert.equal(error.code, 'ERR_STATE_DB_NEWER');
    assert.match(error.message, /schema version 99/);
    return true;
  });
});

test('state database locked beyond timeout', async () => {
  const path = join(folder, 'locked.db');
  StateStore.open(path).close();
  const holder = new Database(path);
  holder.exec('BEGIN EXCLUSIVE');
  try {
    const store = StateStore.open(path, { busyTimeoutMs: 200 });
    const started = Date.now();
    assert.throws(() => store.recordObservation(observation), (error: { code?: string; message: string; fix?: string }) => {
      assert.equal(error.code, 'ERR_STATE_DB_LOCKED');
      assert.match(error.message, /locked\.db/);
      assert.match(error.fix ?? '', /busy timeout/);
      return true;
    });
    assert.ok(Date.now() - started >= 150, 'waited for the busy timeout');
    store.close();
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  const after = StateStore.open(path);
  after.recordObservation(observation);
  assert.equal(after.countRows('certificate_observations'), 1, 'usable once the lock is gone');
  after.close();
});

test('state database corrupt file kept', async () => {
  const path = join(folder, 'corrupt.db');
  const garbage = Buffer.concat([Buffer.from('this is not an SQLite database\n'), Buffer.alloc(8192, 0x5a)]);
  await writeFile(path, garbage);
  assert.throws(() => StateStore.open(path), (error: { code?: string; message: string }) => {
    assert.equal(error.code, 'ERR_STATE_DB_CORRUPT');
    assert.match(error.message, /corrupt\.db/);
    return true;
  });
  assert.deepEqual(await readFile(path), garbage, 'the file is unchanged');
});

test('state database damaged pages detected', async () => {
  const path = join(folder, 'damaged.db');
  const store = StateStore.open(path);
  for (let index = 0; index < 200; index += 1) store.recordObservation({ ...observation, origin: `row ${index} ${'x'.repeat(200)}` });
  store.close();
  const raw = new Database(path);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();

  const bytes = await readFile(path);
  bytes.fill(0x77, 4096 + 16, 4096 * 3);
  await writeFile(path, bytes);
  assert.throws(() => {
    const damaged = StateStore.open(path);
    try {
      damaged.observations('DEV');
    } finally {
      damaged.close();
    }
  }, { code: 'ERR_STATE_DB_CORRUPT' });
  assert.deepEqual(await readFile(path), bytes, 'the file is unchanged');
});

test('state database concurrent writers', async () => {
  const path = join(folder, 'concurrent', 'state.db');
  const { spawn } = await import('node:child_process');
  const storeModule = new URL('../../src/lifecycle/state-store.ts', import.meta.url).href;
  const writer = (id: number) =>
    new Promise<number>((resolve, reject) => {
      const script = `
        const { StateStore } = await import(${JSON.stringify(storeModule)});
        const store = StateStore.open(${JSON.stringify(path)});
        for (let index = 0; index < 50; index += 1) {
          store.recordObservation({ landscape: 'W${id}', source: 'btp', sha256: String(index).padStart(64, '0'), observedAt: new Date().toISOString(), origin: 'writer ${id}' });
        }
        store.close();
      `;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(code) : reject(new Error(`writer ${id} exited ${code}: ${stderr}`))));
    });

  await Promise.all([1, 2, 3, 4].map(writer));
  const store = StateStore.open(path);
  assert.equal(store.countRows('certificate_observations'), 200);
  store.close();
  const raw = new Database(path, { readonly: true });
  assert.equal((raw.prepare('SELECT COUNT(*) AS count FROM schema_version').get() as { count: number }).count, migrations.length, 'migrated once');
  raw.close();
});
