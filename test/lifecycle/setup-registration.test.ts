import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { readInventoryFile, registerSetupInInventory, runStatus, StateStore, type SetupRegistration } from '../../src/lifecycle/index.ts';
import { artefactPaths } from '../../src/setup/index.ts';
import { startTestSandbox } from '../setup/helpers.ts';
import { createInventoryFolder, setUpLandscape } from './helpers.ts';

const sandbox = await startTestSandbox();
const folder = await createInventoryFolder(sandbox);
const fixture = await setUpLandscape(sandbox, folder, 'QAS');
const inventoryPath = join(folder, 'aicore-mtls.yaml');

function registration(): SetupRegistration {
  return {
    inventoryPath,
    landscape: 'QAS',
    destinationServiceKey: join(folder, 'destination-key.json'),
    certificateName: fixture.certificateName,
    level: 'subaccount',
    password: `file:${join(folder, 'certificate.pass')}`,
    aicoreServiceKey: join(fixture.outDir, artefactPaths.bindingCredentials),
    resourceGroup: 'default',
    pinning: false,
    autoRenew: true,
    s4System: 'S4Q',
    identity: 'ISLM',
    setupFolder: fixture.outDir,
    certificates: fixture.setup.certificates,
  };
}

test('setup registration adds landscape, keeps others', async () => {
  await writeFile(
    inventoryPath,
    ['# landscapes of the ISLM team', 'version: 1', 'landscapes:', '  - name: DEV   # kept as written', '    destination: { serviceKey: destination-key.json, certificateName: dev.pem }', '    s4: { system: S4D, identity: ISLM }', ''].join('\n'),
  );
  const first = await registerSetupInInventory(registration());
  const text = await readFile(inventoryPath, 'utf8');
  const inventory = await readInventoryFile(inventoryPath);

  assert.equal(first.created, true);
  assert.ok(text.includes('# landscapes of the ISLM team'), 'file comment kept');
  assert.ok(text.includes('# kept as written'), 'entry comment kept');
  assert.deepEqual(inventory.landscapes.map((landscape) => landscape.name), ['DEV', 'QAS']);
  assert.equal(inventory.landscapes[1]!.destination.serviceKey.text, 'destination-key.json');
  assert.equal(inventory.landscapes[1]!.s4.system, 'S4Q');

  const second = await registerSetupInInventory(registration());
  assert.equal(second.created, false);
  assert.equal((await readInventoryFile(inventoryPath)).landscapes.length, 2);
});

test('setup registration records certificates, status OK', async () => {
  await registerSetupInInventory(registration());
  const store = StateStore.open(join(folder, '.aicore-mtls', 'state.db'));
  try {
    const btp = store.latestObservation('QAS', 'btp');
    const s4 = store.latestObservation('QAS', 's4');
    assert.equal(btp?.sha256, s4?.sha256);
    assert.match(s4?.origin ?? '', /written by aicore-mtls setup/);

    const inventory = await readInventoryFile(inventoryPath);
    const report = await runStatus({
      inventory,
      store,
      landscape: 'QAS',
      http: { extraCaCertificates: [sandbox.caCertificatePem], environment: {} },
      check: false,
      warnDays: 30,
      failDays: 7,
      now: () => sandbox.clock.now(),
    });
    assert.equal(report.landscapes[0]?.verdict, 'OK');
  } finally {
    store.close();
  }
});
