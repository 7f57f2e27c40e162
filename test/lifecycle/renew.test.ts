import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { readInventoryFile, recordS4Import, renewLandscape, runStatus, StateStore, type Inventory } from '../../src/lifecycle/index.ts';
import { fixedPassword } from '../../src/password.ts';
import { readPkcs12 } from '../../src/pkcs12/index.ts';
import { runCli } from '../helpers/run-cli.ts';
import { certificatePassword, startTestSandbox } from '../setup/helpers.ts';
import { createInventoryFolder, setUpLandscape, writeInventory, type LandscapeFixture } from './helpers.ts';

const sandbox = await startTestSandbox();
const day = 86_400_000;
const folder = await createInventoryFolder(sandbox);
const unpinned = await setUpLandscape(sandbox, folder, 'DEV');
const pinned = await setUpLandscape(sandbox, folder, 'PRD', { pinning: true });
const inventoryPath = await writeInventory(folder, [unpinned, pinned]);
const inventory: Inventory = await readInventoryFile(inventoryPath);
const store = StateStore.open(join(folder, '.aicore-mtls', 'state.db'));
const http = { extraCaCertificates: [sandbox.caCertificatePem], environment: {} };
const landscape = (name: string) => inventory.landscapes.find((entry) => entry.name === name)!;

function imported(fixture: LandscapeFixture, sha256: string): void {
  recordS4Import({ store, landscape: landscape(fixture.name), fingerprint: sha256, origin: '--fingerprint', now: sandbox.clock.now() });
}

async function advanceToRenewal(): Promise<void> {
  const report = await runStatus({ inventory, store, http, landscape: 'DEV', check: false, warnDays: 30, failDays: 7, now: () => sandbox.clock.now() });
  sandbox.clock.advance(new Date(report.landscapes[0]!.renewal!.attemptAt).getTime() - sandbox.clock.now().getTime() + day);
  await sandbox.settle();
}

test('renew before renewal is rejected', async () => {
  imported(unpinned, unpinned.setup.state.certificate!.sha256);
  imported(pinned, pinned.setup.state.certificate!.sha256);
  await assert.rejects(renewLandscape({ inventory, store, landscape: landscape('DEV'), http, outDir: join(folder, 'early'), now: sandbox.clock.now() }), (error: { code?: string; exitCode?: number }) => {
    assert.equal(error.code, 'ERR_RENEW_NOT_RENEWED');
    assert.equal(error.exitCode, 3);
    return true;
  });
});

test('renew writes STRUST files', async () => {
  await advanceToRenewal();
  const outDir = join(folder, 'dev-renewal');
  const result = await renewLandscape({ inventory, store, landscape: landscape('DEV'), http, outDir, now: sandbox.clock.now() });
  assert.notEqual(result.certificate.sha256, result.previous?.sha256);
  assert.equal(result.certificate.subject, result.previous?.subject);
  assert.equal(result.pinning, false);
  assert.deepEqual((await readdir(outDir)).sort(), result.files.map((file) => file.path.slice(outDir.length + 1)).sort());

  const p12Path = result.files.find((file) => file.path.endsWith('.p12'))!.path;
  const contents = await readPkcs12(await readFile(p12Path), fixedPassword(certificatePassword));
  assert.equal(contents.algorithms.profile, 'strust');
  assert.equal(contents.keys.length, 1);
  assert.equal(contents.certificates.length, 3);
  assert.equal((await stat(p12Path)).mode & 0o777, 0o600);
  const openssl = execFileSync('openssl', ['pkcs12', '-in', p12Path, '-nokeys', '-passin', `pass:${certificatePassword}`, '-legacy'], { encoding: 'utf8' });
  assert.match(openssl, /BEGIN CERTIFICATE/);

  const pem = await readFile(result.files.find((file) => file.path.endsWith('.pem'))!.path, 'utf8');
  assert.match(pem, /BEGIN ENCRYPTED PRIVATE KEY/);
  const sheet = await readFile(join(outDir, 'reimport.md'), 'utf8');
  assert.ok(sheet.includes(result.certificate.sha256.toUpperCase().match(/../g)!.join(':')), 'sheet names the new fingerprint');
  assert.match(sheet, /Do not test the new certificate/);
  assert.ok(!sheet.includes(certificatePassword), 'no password in the sheet');
  assert.equal(store.countRows('renewals'), 1);
});

test('renew refuses to overwrite files', async () => {
  await assert.rejects(renewLandscape({ inventory, store, landscape: landscape('DEV'), http, outDir: join(folder, 'dev-renewal'), now: sandbox.clock.now() }), { code: 'ERR_FILE_EXISTS' });
  assert.equal(store.countRows('renewals'), 1);
});

test('renew pinned binding warns', async () => {
  const result = await renewLandscape({ inventory, store, landscape: landscape('PRD'), http, outDir: join(folder, 'prd-renewal'), now: sandbox.clock.now() });
  assert.equal(result.pinning, true);
  assert.ok(result.warnings.some((warning) => /new binding or service key/.test(warning)));
  assert.match(await readFile(join(folder, 'prd-renewal', 'reimport.md'), 'utf8'), /certificate-pinning true/);
});

test('renew then import is OK', async () => {
  const result = await runCli(['renew', '--landscape', 'DEV', '--out', join(folder, 'cli-renewal'), '--inventory', inventoryPath, '--ca-file', join(folder, 'sandbox-ca.pem'), '--json']);
  assert.equal(result.code, 0, result.stderr);
  const renewed = JSON.parse(result.stdout);
  assert.match(result.stderr, /do not test the new certificate/);
  assert.ok(!result.stdout.includes(certificatePassword));

  const recorded = await runCli(['s4', 'imported', '--landscape', 'DEV', '--fingerprint', renewed.certificate.sha256, '--inventory', inventoryPath, '--json']);
  assert.equal(recorded.code, 0, recorded.stderr);
  const report = await runStatus({ inventory, store, http, landscape: 'DEV', check: true, warnDays: 30, failDays: 7, now: () => sandbox.clock.now() });
  assert.equal(report.landscapes[0]!.verdict, 'OK', JSON.stringify(report.landscapes[0]!.findings));
  assert.equal(report.landscapes[0]!.check?.outcome, 'passed', report.landscapes[0]!.check?.detail);
});

test('renew with changed issuer is rejected', async () => {
  await sandbox.rotateDestinationIssuer({ landscape: 'eu99' });
  await advanceToRenewal();
  await assert.rejects(renewLandscape({ inventory, store, landscape: landscape('DEV'), http, outDir: join(folder, 'rotated'), now: sandbox.clock.now() }), (error: { code?: string; message: string }) => {
    assert.equal(error.code, 'ERR_RENEW_PINNING_MISMATCH');
    assert.match(error.message, /issuer/);
    return true;
  });
  await assert.rejects(readdir(join(folder, 'rotated')), { code: 'ENOENT' });
});
