import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, test } from 'node:test';

import { createAiCoreClient } from '../../src/aicore/index.ts';
import { createDestinationClient, identityFromDestinationCertificate } from '../../src/btp/destination/index.ts';
import { createServiceManagerClient } from '../../src/btp/service-manager/index.ts';
import { credentialsFromObject } from '../../src/credentials/index.ts';
import { logChannel, type LogEvent } from '../../src/diagnostics.ts';
import { fixedPassword } from '../../src/password.ts';
import { fetchClientCredentialsToken } from '../../src/xsuaa/index.ts';
import { startSandboxSession } from '../btp/sandbox-session.ts';

test('mTLS flow against sandbox', async () => {
  const session = await startSandboxSession();
  after(() => session.stop());
  const { sandbox, http, cache } = session;
  const events: LogEvent[] = [];
  const listener = (event: unknown) => events.push(event as LogEvent);
  logChannel.subscribe(listener);
  after(() => logChannel.unsubscribe(listener));
  const password = 'keystore-password-7731';

  // 1. Destination service: generate a client certificate with an encrypted key, read it back.
  const destination = createDestinationClient({ credentials: session.destinationCredentials, http, cache });
  after(() => destination.close());
  await destination.generate({
    name: 'aicore-mtls.pem',
    commonName: 'aicore-mtls',
    validity: { TimeUnit: 'MONTHS', Value: 3 },
    automaticRenew: true,
    password,
  });
  const stored = await destination.read('aicore-mtls.pem');
  assert.ok(stored);
  assert.ok(stored.etag, 'ETag returned');
  assert.match(stored.content.toString('utf8'), /-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  const client = await identityFromDestinationCertificate(stored, { passwords: fixedPassword(password) });
  assert.match(client.leafSubject, /CN=aicore-mtls/);
  const chain = client.chainPem.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
  assert.ok(chain.length >= 2, `leaf and issuers in the chain (${chain.length})`);

  // 2. Service Manager: find the AI Core instance both ways, bind with the certificate.
  const sm = createServiceManagerClient({ credentials: session.serviceManagerCredentials, http, cache, poll: { initialDelayMs: 20, maxDelayMs: 100, timeoutMs: 20_000 } });
  after(() => sm.close());
  const instance = await sm.findInstanceByName(sandbox.aicoreInstanceName);
  assert.equal(instance.id, sandbox.aicoreInstanceId);
  assert.equal((await sm.findInstanceByOffering('aicore')).id, instance.id);

  const binding = await sm.createBinding({
    name: 'aicore-mtls',
    serviceInstanceId: instance.id,
    parameters: { xsuaa: { 'credential-type': 'x509', x509: { certificate: client.chainPem, 'certificate-pinning': false } } },
    labels: { purpose: ['islm'] },
    expectX509: true,
  });
  assert.equal(binding.name, 'aicore-mtls');
  const operations = sandbox.requestLog().filter((entry) => entry.service === 'service-manager' && entry.path.includes('/operations/'));
  assert.ok(operations.length >= 1, 'the asynchronous operation was polled');

  // 3. The binding's credentials: x509, certurl, no key (self-managed certificate).
  const aicoreCredentials = credentialsFromObject(binding.credentials, `binding "${binding.name}"`, { service: 'aicore', authentication: 'certificate' });
  assert.equal(aicoreCredentials.credentialType, 'x509');
  assert.equal(aicoreCredentials.certurl, sandbox.urls.uaaCert);
  assert.equal(aicoreCredentials.key, undefined);

  // 4. Token from certurl with the downloaded certificate and key.
  const token = await fetchClientCredentialsToken({ credentials: aicoreCredentials, identity: client.identity, http, cache });
  assert.equal(token.authentication, 'certificate');
  assert.equal(token.endpoint, `${sandbox.urls.uaaCert}/oauth/token`);
  assert.ok(token.expiresIn > 0);
  const leaf = new X509Certificate(client.chainPem);
  assert.equal(token.identity?.serialNumber, leaf.serialNumber);
  const tokenCall = sandbox.requestLog().find((entry) => entry.service === 'xsuaa-cert' && entry.status === 200);
  assert.match(tokenCall?.clientCertificateSubject ?? '', /aicore-mtls/);

  // 5. SAP AI Core API with that token.
  const ai = createAiCoreClient({ credentials: aicoreCredentials, identity: client.identity, http, cache });
  after(() => ai.close());
  const groups = await ai.listResourceGroups();
  assert.ok(groups.resources.some((group) => group.resourceGroupId === 'default'));
  const scenarios = await ai.listScenarios();
  assert.ok(scenarios.count >= 1);
  assert.equal(typeof scenarios.resources[0]!.id, 'string');
  assert.equal((await ai.getResourceGroup('default')).status, 'PROVISIONED');
  assert.equal((await ai.getMeta()).runtimeIdentifier, 'aicore');
  const scenarioCall = sandbox.requestLog().find((entry) => entry.service === 'aicore' && entry.path === '/v2/lm/scenarios');
  assert.equal(scenarioCall?.status, 200);

  // 6. Nothing secret reached the debug log.
  const logged = JSON.stringify(events);
  assert.doesNotMatch(logged, new RegExp(password));
  assert.doesNotMatch(logged, new RegExp(String(sandbox.destinationServiceKey.clientsecret).replace(/[$.]/g, '\\$&')));
  assert.doesNotMatch(logged, new RegExp(token.accessToken.slice(0, 40).replace(/[.]/g, '\\.')));
  assert.doesNotMatch(logged, /PRIVATE KEY/);
});
