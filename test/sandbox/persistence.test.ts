import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { startSandbox } from '../../src/sandbox/index.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { destinationClient } from './destination-helpers.ts';
import { certificateToken, serviceManager, uniqueName, x509Parameters } from './helpers.ts';

const dir = await createTempDir();

test('restart keeps CA, keys, bindings and clock', async () => {
  const first = await startSandbox({ dir });
  const sm = await serviceManager(first);
  const certificate = await first.issueClientCertificate({ subject: 'CN=persisted, O=Tests, C=DE' });
  const binding = await sm.bindSync(first.aicoreInstanceId, uniqueName('persisted'), x509Parameters(certificate, { 'certificate-pinning': false }));
  const destination = await destinationClient(first);
  await destination.post({ Name: 'persisted.pem', Attributes: { CN: 'persisted' } });
  first.clock.advance(5 * 86_400_000);
  const offset = first.clock.offsetMs;
  await first.stop();

  const second = await startSandbox({ dir });
  try {
    assert.equal(second.caCertificatePem, first.caCertificatePem);
    assert.equal(second.destinationServiceKey['clientsecret'], first.destinationServiceKey['clientsecret']);
    assert.equal(second.aicoreInstanceId, first.aicoreInstanceId);
    assert.ok(Math.abs(second.clock.offsetMs - offset) < 5000, 'clock offset kept');

    const credentials = { ...binding.credentials, certurl: second.urls.uaaCert };
    const token = await certificateToken(second, credentials, certificate.chainPem, certificate.privateKeyPem);
    assert.equal(token.status, 200, token.text);
    const read = await (await destinationClient(second)).get('/persisted.pem');
    assert.equal(read.status, 200);
  } finally {
    await second.stop();
  }
});

test('sandbox files have safe modes', async () => {
  const sandbox = await startSandbox({ dir });
  await sandbox.stop();
  const mode = async (name: string) => (await stat(join(dir, name))).mode & 0o777;
  for (const name of ['pki.json', 'state.json', 'destination-service-key.json', 'service-manager-key.json']) {
    assert.equal(await mode(name), 0o600, name);
  }
  assert.equal(await mode('ca.pem'), 0o644);
});

test('non-loopback listen gives warning', async () => {
  const sandbox = await startSandbox({ listen: '127.0.0.2' });
  try {
    assert.equal(sandbox.warnings.length, 1);
    assert.match(sandbox.warnings[0]!, /127\.0\.0\.2/);
    assert.match(sandbox.urls.uaa, /^https:\/\/127\.0\.0\.2:\d+$/);
  } finally {
    await sandbox.stop();
  }
  const local = await startSandbox();
  await local.stop();
  assert.deepEqual(local.warnings, []);
});

test('taken port is named', async () => {
  const sandbox = await startSandbox();
  try {
    await assert.rejects(startSandbox({ port: sandbox.ports.uaa }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ERR_SANDBOX_LISTEN');
      assert.match(error.message, new RegExp(`:${sandbox.ports.uaa} `));
      return true;
    });
  } finally {
    await sandbox.stop();
  }
});
