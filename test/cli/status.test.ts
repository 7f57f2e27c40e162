import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

import type BetterSqlite3 from 'better-sqlite3';

import { runCli } from '../helpers/run-cli.ts';
import { createInventoryFolder, setUpLandscape, writeInventory } from '../lifecycle/helpers.ts';
import { parsePrometheus } from '../lifecycle/prometheus-parser.ts';
import { startTestSandbox } from '../setup/helpers.ts';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const sandbox = await startTestSandbox();
const folder = await createInventoryFolder(sandbox);
const fixture = await setUpLandscape(sandbox, folder, 'DEV');
const inventoryPath = await writeInventory(folder, [fixture]);
const statePath = join(folder, '.aicore-mtls', 'state.db');
const day = 86_400_000;

/** `status` as a monitoring job runs it, evaluated at the sandbox's time. */
function status(...extra: string[]) {
  return runCli(['status', '--json', '--ca-file', join(folder, 'sandbox-ca.pem'), '--at', sandbox.clock.now().toISOString(), ...extra], { env: { AICORE_MTLS_INVENTORY: inventoryPath } });
}

test('s4 imported records fingerprint', async () => {
  const result = await runCli(['s4', 'imported', '--landscape', 'DEV', '--fingerprint', fixture.setup.state.certificate!.sha256, '--json', '--inventory', inventoryPath]);
  assert.equal(result.code, 0, result.stderr);
  const document = JSON.parse(result.stdout);
  assert.equal(document.recorded.sha256, fixture.setup.state.certificate!.sha256.replace(/:/g, '').toLowerCase());
  assert.match(result.stderr, /never observed/);
});

test('status OK writes prometheus file', async () => {
  const metrics = join(folder, 'aicore_mtls.prom');
  const result = await status('--prometheus', metrics);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.landscapes[0].verdict, 'OK');
  assert.equal(report.landscapes[0].renewal.autoRenew, 'on');
  const samples = parsePrometheus(await readFile(metrics, 'utf8'));
  const verdict = samples.find((sample) => sample.name === 'aicore_mtls_landscape_verdict' && sample.value === 1);
  assert.deepEqual(verdict?.labels, { landscape: 'DEV', verdict: 'OK' });
  assert.ok(samples.some((sample) => sample.labels.source === 's4'));
});

test('status writes HTML report', async () => {
  const path = join(folder, 'status.html');
  const result = await status('--html', path);
  assert.equal(result.code, 0, result.stderr);
  const html = await readFile(path, 'utf8');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/);
  assert.match(html, /<td class="verdict OK">OK<\/td>/);
  assert.doesNotMatch(html, /<script/);
  assert.ok(!html.includes('PRIVATE KEY'), 'no key material');
});

test('status runs concurrently on one database', async () => {
  const before = latestStatusRow();
  const results = await Promise.all([status(), status(), status()]);
  for (const result of results) {
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).verdict, 'OK');
  }
  const after = latestStatusRow();
  assert.equal(after.id, before.id, 'an unchanged verdict updates its row');
  assert.ok(after.last_seen_at > before.last_seen_at, 'last_seen_at moved');
});

test('status locked database exits with code', async () => {
  const holder = new Database(statePath);
  holder.exec('BEGIN EXCLUSIVE');
  let result;
  try {
    result = await status('--busy-timeout', '300');
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  assert.equal(result.code, 1);
  assert.equal(JSON.parse(result.stdout).error.code, 'ERR_STATE_DB_LOCKED');
  assert.match(result.stderr, /locked by another process/);
});

test('status corrupt database kept', async () => {
  const path = join(folder, 'corrupt.db');
  const garbage = Buffer.alloc(16384, 0x41);
  await writeFile(path, garbage);
  const result = await status('--state', path);
  assert.equal(result.code, 1);
  assert.equal(JSON.parse(result.stdout).error.code, 'ERR_STATE_DB_CORRUPT');
  assert.deepEqual(await readFile(path), garbage);
});

test('status inline secret rejected', async () => {
  const path = join(folder, 'bad.yaml');
  await writeFile(path, 'version: 1\nlandscapes:\n  - name: X\n    destination: { serviceKey: k.json, certificateName: a.pem, password: Secret-1234 }\n    s4: { system: S4X, identity: ISLM }\n');
  const result = await runCli(['status', '--inventory', path, '--json']);
  assert.equal(result.code, 2);
  assert.equal(JSON.parse(result.stdout).error.code, 'ERR_INVENTORY_INLINE_SECRET');
  assert.ok(!result.stdout.includes('Secret-1234'), 'the secret is not on stdout');
  assert.ok(!result.stderr.includes('Secret-1234'), 'the secret is not on stderr');
});

test('status after renewal exits 4', async () => {
  const first = JSON.parse((await status()).stdout);
  sandbox.clock.advance(new Date(first.landscapes[0].renewal.attemptAt).getTime() - sandbox.clock.now().getTime() + day);
  await sandbox.settle();
  const result = await status('--check');
  assert.equal(result.code, 4, result.stderr);
  const landscape = JSON.parse(result.stdout).landscapes[0];
  assert.equal(landscape.verdict, 'RENEWED_NOT_IMPORTED');
  assert.equal(landscape.check.outcome, 'skipped');

  const text = await runCli(['status', '--ca-file', join(folder, 'sandbox-ca.pem'), '--at', sandbox.clock.now().toISOString()], { env: { AICORE_MTLS_INVENTORY: inventoryPath } });
  assert.equal(text.code, 4);
  assert.match(text.stdout, /DEV: RENEWED_NOT_IMPORTED/);
  assert.match(text.stdout, /worst verdict: RENEWED_NOT_IMPORTED \(exit code 4\)/);
});

function latestStatusRow(): { id: number; last_seen_at: string } {
  const database = new Database(statePath, { readonly: true });
  try {
    return database.prepare("SELECT id, last_seen_at FROM status_results WHERE landscape = 'DEV' ORDER BY id DESC LIMIT 1").get() as { id: number; last_seen_at: string };
  } finally {
    database.close();
  }
}

test('s4 imported from file exits 3', async () => {
  const exported = join(fixture.outDir, 'python', 'client-certificate.pem');
  const result = await runCli(['s4', 'imported', '--landscape', 'DEV', '--file', exported, '--inventory', inventoryPath, '--json']);
  assert.equal(result.code, 3, result.stderr);
  assert.equal(JSON.parse(result.stdout).matchesLatestBtp, false);
  assert.match(result.stderr, /not the certificate the Destination service held/);
});

test('s4 imported needs one source', async () => {
  const both = await runCli(['s4', 'imported', '--landscape', 'DEV', '--fingerprint', 'ab', '--file', 'x.pem', '--inventory', inventoryPath]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /exactly one of --fingerprint and --file/);
  const bad = await runCli(['s4', 'imported', '--landscape', 'DEV', '--fingerprint', 'not-hex', '--inventory', inventoryPath]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a SHA-256 fingerprint/);
  const unknown = await runCli(['s4', 'imported', '--landscape', 'XYZ', '--fingerprint', 'a'.repeat(64), '--inventory', inventoryPath]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /landscape "XYZ" is not in the inventory/);
});
