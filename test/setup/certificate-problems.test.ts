import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createDestinationClient } from '../../src/btp/destination/index.ts';
import { credentialsFromObject } from '../../src/credentials/index.ts';
import { encodePrivateKeyPem } from '../../src/csr/private-key-pem.ts';
import { createUntrustedCa, type ClientCertificate } from '../../src/sandbox/index.ts';
import { loadSetupState, runSetup } from '../../src/setup/index.ts';
import { certificatePassword, sandboxSetupOptions, startTestSandbox } from './helpers.ts';
import { bindingCount, bindingsNamed, sandboxHttp } from './inventory.ts';

const sandbox = await startTestSandbox();
const day = 24 * 3600_000;

/** Uploads key (encrypted with the test password), leaf, intermediate and root as one `.pem`, as an admin would import it. */
async function uploadBundle(name: string, certificate: ClientCertificate): Promise<void> {
  const client = createDestinationClient({
    credentials: credentialsFromObject(sandbox.destinationServiceKey, 'sandbox Destination key', { service: 'destination' }),
    http: sandboxHttp(sandbox),
    cache: false,
  });
  try {
    const content = encodePrivateKeyPem(certificate.privateKey, certificatePassword) + certificate.chainPem + certificate.rootPem;
    await client.upload({ name, content });
  } finally {
    await client.close();
  }
}

test('existing expired certificate fails check', async () => {
  const now = Date.now();
  const expired = await sandbox.issueClientCertificate({
    subject: 'CN=expired-islm, O=aicore-mtls tests, C=DE',
    notBefore: new Date(now - 400 * day),
    notAfter: new Date(now - 35 * day),
  });
  await uploadBundle('expired.pem', expired);
  const options = await sandboxSetupOptions(sandbox, { certificateName: 'expired.pem', mode: 'existing' });
  const before = await bindingCount(sandbox);

  await assert.rejects(runSetup(options, 'aicore-mtls test'), (error: Error & { code?: string; fix?: string; details?: Record<string, unknown> }) => {
    assert.equal(error.code, 'ERR_SETUP_CERTIFICATE_CHECK');
    assert.match(error.message, /"expired\.pem" failed the offline check/);
    assert.match(error.message, /CERT_EXPIRED: certificate "[^"]*expired-islm[^"]*" expired on/);
    assert.match(error.fix ?? '', /Renew the certificate/);
    return true;
  });
  const state = await loadSetupState(options.outDir);
  assert.deepEqual(state?.completedSteps, []);
  assert.equal(await bindingCount(sandbox), before, 'no binding was created for it');
});

test('untrusted CA certificate refused by binding', async () => {
  const untrusted = await createUntrustedCa();
  const certificate = await untrusted.issue({ subject: 'CN=untrusted-islm, O=aicore-mtls tests, C=DE' });
  await uploadBundle('untrusted.pem', certificate);
  const options = await sandboxSetupOptions(sandbox, { certificateName: 'untrusted.pem', mode: 'existing' });

  await assert.rejects(runSetup(options, 'aicore-mtls test'), (error: Error & { code?: string; fix?: string; details?: Record<string, unknown> }) => {
    assert.equal(error.code, 'ERR_SETUP_BINDING_REJECTED');
    assert.match(error.message, /rejected the client certificate/);
    assert.match(error.message, /Untrusted Root CA/);
    assert.match(error.message, /not a trusted CA/);
    assert.match(error.fix ?? '', /DigiCert Global Root G2/);
    assert.equal(error.details?.bindingName, 'untrusted-mtls');
    return true;
  });
  const state = await loadSetupState(options.outDir);
  assert.deepEqual(state?.completedSteps, ['certificate']);
  assert.deepEqual(await bindingsNamed(sandbox, 'untrusted-mtls'), [], 'the failed binding is gone');
});
