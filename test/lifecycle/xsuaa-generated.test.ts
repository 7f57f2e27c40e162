import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { createServiceManagerClient } from '../../src/btp/service-manager/index.ts';
import { credentialsFromObject } from '../../src/credentials/index.ts';
import { parseInventory, recordS4Import, runStatus, StateStore } from '../../src/lifecycle/index.ts';
import { createX509Binding } from '../../src/setup/index.ts';
import { startTestSandbox } from '../setup/helpers.ts';
import { createInventoryFolder, setUpLandscape } from './helpers.ts';

const sandbox = await startTestSandbox();
const folder = await createInventoryFolder(sandbox);
const fixture = await setUpLandscape(sandbox, folder, 'DEV');
const http = { extraCaCertificates: [sandbox.caCertificatePem], environment: {} };

test('status reports XSUAA-generated expiry', async () => {
  const serviceManager = createServiceManagerClient({ credentials: credentialsFromObject(sandbox.serviceManagerKey, 'sandbox Service Manager key', { service: 'service-manager' }), http });
  const binding = await createX509Binding(serviceManager, {
    name: 'generated-7-days',
    instanceId: sandbox.aicoreInstanceId,
    parameters: { xsuaa: { 'credential-type': 'x509', x509: { 'key-length': 2048, validity: 7, 'validity-type': 'DAYS' } } },
  });
  await serviceManager.close();
  await writeFile(join(folder, 'generated-key.json'), JSON.stringify(binding.credentials), { mode: 0o600 });

  const inventory = parseInventory(
    {
      version: 1,
      landscapes: [
        {
          name: 'DEV',
          destination: { serviceKey: 'destination-key.json', certificateName: fixture.certificateName },
          aicore: { serviceKey: 'generated-key.json' },
          s4: { system: 'S4D', identity: 'ISLM' },
        },
      ],
    },
    join(folder, 'aicore-mtls.yaml'),
  );
  const store = StateStore.open(join(folder, 'state.db'));
  recordS4Import({ store, landscape: inventory.landscapes[0]!, fingerprint: fixture.setup.state.certificate!.sha256, origin: '--fingerprint', now: sandbox.clock.now() });

  const report = await runStatus({ inventory, store, http, check: false, warnDays: 30, failDays: 7, now: () => sandbox.clock.now() });
  const landscape = report.landscapes[0]!;
  assert.ok(landscape.xsuaaGenerated, 'the generated certificate is reported');
  assert.ok((landscape.xsuaaGenerated.daysLeft ?? 99) < 7);
  assert.equal(landscape.verdict, 'EXPIRING');
  assert.equal(landscape.urgent, true);
  assert.equal(report.exitCode, 7);
  assert.ok(landscape.findings.some((finding) => /XSUAA-generated certificate/.test(finding.message)));
  assert.equal(landscape.pinning, 'unknown');
  store.close();
});
