import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { readInventoryFile, recordS4Import, runStatus, StateStore, type Inventory, type StatusReport } from '../../src/lifecycle/index.ts';
import { readMaterial } from '../../src/material/index.ts';
import { startTestSandbox } from '../setup/helpers.ts';
import { createInventoryFolder, setUpLandscape, writeInventory, type LandscapeFixture } from './helpers.ts';

// One sandbox for the whole life: setup, import, renewal, re-import, expiry. Tests run in order.
const sandbox = await startTestSandbox();
const day = 86_400_000;
const folder = await createInventoryFolder(sandbox);
const renewing = await setUpLandscape(sandbox, folder, 'DEV');
const manual = await setUpLandscape(sandbox, folder, 'QAS', { autoRenew: false });
const inventory: Inventory = await readInventoryFile(await writeInventory(folder, [renewing, manual]));
const store = StateStore.open(join(folder, '.aicore-mtls', 'state.db'));
const http = { extraCaCertificates: [sandbox.caCertificatePem], environment: {} };

async function status(landscape: string | undefined, check = false): Promise<StatusReport> {
  return runStatus({ inventory, store, http, landscape, check, warnDays: 30, failDays: 7, now: () => sandbox.clock.now() });
}

function importSetupCertificate(fixture: LandscapeFixture): void {
  recordS4Import({ store, landscape: inventory.landscapes.find((entry) => entry.name === fixture.name)!, fingerprint: fixture.setup.state.certificate!.sha256, origin: '--fingerprint', now: sandbox.clock.now() });
}

test('status before import notes missing record', async () => {
  const report = await status('DEV');
  const landscape = report.landscapes[0]!;
  assert.equal(landscape.verdict, 'OK');
  assert.equal(landscape.s4.certificate, null);
  assert.ok(landscape.findings.some((finding) => finding.message.includes('s4 imported')));
});

test('status after import is OK', async () => {
  importSetupCertificate(renewing);
  importSetupCertificate(manual);
  const report = await status('DEV', true);
  const landscape = report.landscapes[0]!;
  assert.equal(landscape.verdict, 'OK', JSON.stringify(landscape.findings));
  assert.equal(report.exitCode, 0);
  assert.equal(landscape.s4.certificate?.sha256, landscape.btp.certificate?.sha256);
  assert.equal(landscape.pinning, false);
  assert.equal(landscape.renewal?.autoRenew, 'on');
  assert.equal(landscape.check?.outcome, 'passed', landscape.check?.detail);
});

test('renewal without import is RENEWED_NOT_IMPORTED', async () => {
  const before = (await status('DEV')).landscapes[0]!;
  const attemptAt = new Date(before.renewal!.attemptAt).getTime();
  sandbox.clock.advance(attemptAt - sandbox.clock.now().getTime() + day);
  await sandbox.settle();

  const report = await status('DEV', true);
  const landscape = report.landscapes[0]!;
  assert.equal(landscape.verdict, 'RENEWED_NOT_IMPORTED', JSON.stringify(landscape.findings));
  assert.equal(report.exitCode, 4);
  assert.notEqual(landscape.btp.certificate?.sha256, before.btp.certificate?.sha256);
  assert.equal(landscape.s4.certificate?.sha256, before.btp.certificate?.sha256);
  assert.equal(landscape.check?.outcome, 'skipped');
  assert.match(landscape.check?.detail ?? '', /reject the one S\/4HANA presents/);
});

test('s4 imported of renewed certificate is OK', async () => {
  const renewed = (await status('DEV')).landscapes[0]!.btp.certificate!;
  const landscape = inventory.landscapes[0]!;
  const result = recordS4Import({ store, landscape, fingerprint: renewed.sha256.toUpperCase().match(/../g)!.join(':'), origin: '--fingerprint', now: sandbox.clock.now() });
  assert.equal(result.matchesLatestBtp, true);
  assert.equal(result.observation.notAfter, renewed.notAfter);

  const report = await status('DEV', true);
  assert.equal(report.landscapes[0]!.verdict, 'OK', JSON.stringify(report.landscapes[0]!.findings));
  assert.equal(report.landscapes[0]!.check?.outcome, 'passed', report.landscapes[0]!.check?.detail);
});

test('manual certificate within warn-days is EXPIRING', async () => {
  const report = await status('QAS');
  const landscape = report.landscapes[0]!;
  assert.equal(landscape.renewal?.autoRenew, 'off');
  assert.equal(landscape.verdict, 'EXPIRING', JSON.stringify(landscape.findings));
  assert.equal(report.exitCode, 3);
  assert.ok((landscape.s4.certificate?.daysLeft ?? 0) < 30);
});

test('manual certificate within fail-days exits 7', async () => {
  const notAfter = new Date((await status('QAS')).landscapes[0]!.btp.certificate!.notAfter!).getTime();
  sandbox.clock.advance(notAfter - 3 * day - sandbox.clock.now().getTime());
  const report = await status('QAS');
  assert.equal(report.landscapes[0]!.verdict, 'EXPIRING');
  assert.equal(report.landscapes[0]!.urgent, true);
  assert.equal(report.exitCode, 7);
});

test('manual certificate past expiry is EXPIRED', async () => {
  sandbox.clock.advance(4 * day);
  await sandbox.settle();
  const report = await status(undefined);
  const byName = Object.fromEntries(report.landscapes.map((landscape) => [landscape.landscape, landscape]));
  assert.equal(byName.QAS?.verdict, 'EXPIRED', JSON.stringify(byName.QAS?.findings));
  assert.equal(byName.DEV?.verdict, 'OK');
  assert.equal(report.verdict, 'EXPIRED');
  assert.equal(report.exitCode, 6);
});

test('s4 imported from exported file', async () => {
  const exported = await readFile(join(renewing.outDir, 'python', 'client-certificate.pem'));
  const certificates = (await readMaterial({ bytes: exported, origin: 'exported.pem' })).certificates;
  const result = recordS4Import({ store, landscape: inventory.landscapes[0]!, certificates, origin: 'exported.pem', now: sandbox.clock.now() });
  assert.equal(result.observation.sha256, renewing.setup.state.certificate!.sha256.replace(/:/g, '').toLowerCase());
  assert.equal(result.matchesLatestBtp, false);
  assert.ok(result.warnings.some((warning) => warning.includes('not the certificate')));
  // S/4HANA now holds the first certificate again, which expired before the clock's current time.
  assert.equal((await status('DEV')).landscapes[0]!.verdict, 'EXPIRED');
});

test('observations are recorded per source', () => {
  const sources = new Set(store.observations('DEV').map((observation) => observation.source));
  assert.deepEqual([...sources].sort(), ['binding', 'btp', 's4']);
  assert.ok(store.countRows('status_results') >= 8);
  assert.ok(store.countRows('check_results') >= 2);
});
