import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createServiceManagerClient } from '../../src/btp/service-manager/index.ts';
import { credentialsFromObject, type ServiceCredentials } from '../../src/credentials/index.ts';
import type { ClientCertificate } from '../../src/sandbox/index.ts';
import { checkCertUrl, fetchClientCredentialsToken } from '../../src/xsuaa/index.ts';
import { startSandboxSession, type SandboxSession } from '../btp/sandbox-session.ts';

let session: SandboxSession;
let bound: ClientCertificate;
let aicore: ServiceCredentials;

before(async () => {
  session = await startSandboxSession();
  bound = await session.sandbox.issueClientCertificate({ subject: 'CN=xsuaa-tests, O=aicore-mtls tests, C=DE' });
  const sm = createServiceManagerClient({ credentials: session.serviceManagerCredentials, http: session.http, cache: session.cache });
  try {
    const binding = await sm.createBinding({
      name: 'xsuaa-tests',
      serviceInstanceId: session.sandbox.aicoreInstanceId,
      parameters: { xsuaa: { 'credential-type': 'x509', x509: { certificate: bound.chainPem, 'certificate-pinning': true } } },
      async: false,
      expectX509: true,
    });
    aicore = credentialsFromObject(binding.credentials, 'binding "xsuaa-tests"', { service: 'aicore' });
  } finally {
    await sm.close();
  }
});

after(() => session?.stop());

const identityOf = (certificate: ClientCertificate) => ({ certificatePem: certificate.chainPem, privateKey: certificate.privateKeyPem, origin: 'test certificate' });

test('secret token from url', async () => {
  const token = await fetchClientCredentialsToken({ credentials: session.destinationCredentials, http: session.http, cache: false });
  assert.equal(token.authentication, 'secret');
  assert.equal(token.endpoint, `${session.sandbox.urls.uaa}/oauth/token`);
  assert.equal(token.expiresIn, 43199);
});

test('certificate token from certurl', async () => {
  const token = await fetchClientCredentialsToken({ credentials: aicore, identity: identityOf(bound), http: session.http, cache: false });
  assert.equal(token.endpoint, `${session.sandbox.urls.uaaCert}/oauth/token`);
  const entry = session.sandbox.requestLog().findLast((item) => item.service === 'xsuaa-cert');
  assert.equal(entry?.status, 200);
  assert.equal(entry?.clientId, aicore.clientid);
  assert.match(entry?.clientCertificateSubject ?? '', /CN=xsuaa-tests/);
});

test('x509 client at url explained', async () => {
  // certurl replaced by the plain url: XSUAA responds with 401 "Unsupported instance credential".
  const misdirected = { ...aicore, certurl: session.sandbox.urls.uaa };
  await assert.rejects(fetchClientCredentialsToken({ credentials: misdirected, identity: identityOf(bound), http: session.http, cache: false }), (error: unknown) => {
    const typed = error as { code?: string; message: string; details: Record<string, unknown> };
    assert.equal(typed.code, 'ERR_XSUAA_TOKEN_URL_NOT_CERTURL');
    assert.match(typed.message, /Unsupported instance credential/);
    assert.equal(typed.details.status, 401);
    return true;
  });
});

test('unbound certificate rejected with identity', async () => {
  const stranger = await session.sandbox.issueClientCertificate({ subject: 'CN=not-bound, O=aicore-mtls tests, C=DE' });
  await assert.rejects(fetchClientCredentialsToken({ credentials: aicore, identity: identityOf(stranger), http: session.http, cache: false }), (error: unknown) => {
    const typed = error as { code?: string; message: string; details: Record<string, unknown> };
    assert.equal(typed.code, 'ERR_XSUAA_CLIENT_REJECTED');
    assert.match(typed.message, /did not accept the client certificate ".*CN=not-bound.*" \(serial [0-9A-F]+/);
    assert.match(typed.message, /invalid_client: Bad credentials/);
    assert.equal((typed.details.identity as { subject?: string }).subject?.includes('CN=not-bound'), true);
    return true;
  });
});

test('wrong client secret rejected', async () => {
  const wrong = { ...session.destinationCredentials, clientsecret: 'not-the-right-secret' };
  await assert.rejects(fetchClientCredentialsToken({ credentials: wrong, http: session.http, cache: false }), {
    code: 'ERR_XSUAA_CLIENT_REJECTED',
    message: /did not accept the client secret/,
  });
});

test('certurl matches discovery', async () => {
  const check = await checkCertUrl(aicore, { http: session.http });
  assert.equal(check.matches, true, check.message);
  assert.equal(check.publishedTokenEndpoint, `${session.sandbox.urls.uaaCert}/oauth/token`);
});

test('sandbox CA required', async () => {
  await assert.rejects(
    fetchClientCredentialsToken({ credentials: session.destinationCredentials, http: { ...session.http, extraCaCertificates: [] }, cache: false }),
    { code: 'ERR_TLS_SERVER_UNTRUSTED' },
  );
});
