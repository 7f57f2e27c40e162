import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { before, test } from 'node:test';

import { createUntrustedCa, type Sandbox } from '../../src/sandbox/index.ts';
import { agentFor, call, certificateToken, decodeJwt, form, serviceManager, startTestSandbox, uniqueName, x509Parameters } from './helpers.ts';

let sandbox: Sandbox;
let sm: Awaited<ReturnType<typeof serviceManager>>;

before(async () => {
  sandbox = await startTestSandbox();
  sm = await serviceManager(sandbox);
});

const tokenUrl = () => `${sandbox.urls.uaa}/oauth/token`;
const key = () => sandbox.destinationServiceKey as Record<string, string>;

test('url token with form secret', async () => {
  const result = await call(agentFor(sandbox), tokenUrl(), {
    method: 'POST',
    ...form({ grant_type: 'client_credentials', client_id: key().clientid!, client_secret: key().clientsecret! }),
  });
  assert.equal(result.status, 200);
  assert.equal(result.json.token_type, 'bearer');
  assert.equal(result.json.expires_in, 43199);
  assert.equal(typeof result.json.jti, 'string');
  assert.equal(typeof result.json.scope, 'string');
  assert.equal(result.headers['cache-control'], 'no-store');
});

test('url token with HTTP Basic', async () => {
  const basic = Buffer.from(`${encodeURIComponent(key().clientid!)}:${encodeURIComponent(key().clientsecret!)}`).toString('base64');
  const result = await call(agentFor(sandbox), tokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: 'grant_type=client_credentials',
  });
  assert.equal(result.status, 200);
});

test('token is an RS256 JWT with XSUAA claims', async () => {
  const result = await call(agentFor(sandbox), tokenUrl(), {
    method: 'POST',
    ...form({ grant_type: 'client_credentials', client_id: key().clientid!, client_secret: key().clientsecret! }),
  });
  const { header, payload } = decodeJwt(result.json.access_token);
  assert.equal(header.alg, 'RS256');
  for (const claim of ['exp', 'iat', 'client_id', 'cid', 'zid', 'scope', 'aud', 'iss', 'jti']) {
    assert.ok(claim in payload, `claim ${claim} present`);
  }
  assert.equal(payload.exp - payload.iat, 43200);
  assert.equal(payload.client_id, key().clientid);
  assert.equal(payload.iss, `${sandbox.urls.uaa}/oauth/token`);
  assert.ok(payload.aud.includes('destination-xsappname!b9'));

  const jwks = await call(agentFor(sandbox), `${sandbox.urls.uaa}/token_keys`);
  const jwk = jwks.json.keys.find((candidate: { kid: string }) => candidate.kid === header.kid);
  assert.ok(jwk, 'signing key listed in /token_keys');
  const [h, p, s] = result.json.access_token.split('.');
  const valid = verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'));
  assert.equal(valid, true);
});

test('openid configuration lists mTLS alias', async () => {
  const result = await call(agentFor(sandbox), `${sandbox.urls.uaa}/.well-known/openid-configuration`);
  assert.equal(result.status, 200);
  assert.equal(result.json.token_endpoint, `${sandbox.urls.uaa}/oauth/token`);
  assert.equal(result.json.mtls_endpoint_aliases.token_endpoint, `${sandbox.urls.uaaCert}/oauth/token`);
  assert.equal(result.json.jwks_uri, `${sandbox.urls.uaa}/token_keys`);
  assert.notEqual(new URL(sandbox.urls.uaa).origin, new URL(sandbox.urls.uaaCert).origin);
});

test('url rejects wrong secret', async () => {
  const result = await call(agentFor(sandbox), tokenUrl(), {
    method: 'POST',
    ...form({ grant_type: 'client_credentials', client_id: key().clientid!, client_secret: 'wrong-secret' }),
  });
  assert.equal(result.status, 401);
  assert.equal(result.json.error, 'invalid_client');
  assert.match(result.json.error_description, /^Bad credentials/);
  assert.match(String(result.headers['www-authenticate']), /Basic realm="UAA\/client"/);
});

test('url rejects unknown client', async () => {
  const result = await call(agentFor(sandbox), tokenUrl(), {
    method: 'POST',
    ...form({ grant_type: 'client_credentials', client_id: 'sb-nobody!b1', client_secret: 'x' }),
  });
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /does not exist/);
});

test('wrong grant type is rejected', async () => {
  const result = await call(agentFor(sandbox), tokenUrl(), {
    method: 'POST',
    ...form({ grant_type: 'password', client_id: key().clientid!, client_secret: key().clientsecret! }),
  });
  assert.equal(result.status, 400);
  assert.equal(result.json.error, 'unsupported_grant_type');
});

test('missing grant type is rejected', async () => {
  const result = await call(agentFor(sandbox), tokenUrl(), { method: 'POST', ...form({ client_id: key().clientid!, client_secret: key().clientsecret! }) });
  assert.equal(result.status, 400);
  assert.equal(result.json.error, 'invalid_request');
});

test('query parameters are not accepted', async () => {
  const query = new URLSearchParams({ grant_type: 'client_credentials', client_id: key().clientid!, client_secret: key().clientsecret! });
  const result = await call(agentFor(sandbox), `${tokenUrl()}?${query}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(result.status, 400);
  assert.match(result.json.error_description, /form body/);
});

test('JSON token body is rejected', async () => {
  const result = await call(agentFor(sandbox), tokenUrl(), { method: 'POST', json: { grant_type: 'client_credentials' } });
  assert.equal(result.status, 400);
  assert.match(result.json.error_description, /x-www-form-urlencoded/);
});

test('x509 client at url is unsupported', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=url-test, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('url'), x509Parameters(certificate));
  const result = await call(agentFor(sandbox, { cert: certificate.chainPem, key: certificate.privateKeyPem }), tokenUrl(), {
    method: 'POST',
    ...form({ grant_type: 'client_credentials', client_id: binding.credentials.clientid }),
  });
  assert.equal(result.status, 401);
  assert.equal(result.json.error, 'unauthorized');
  assert.match(result.json.error_description, /^Unsupported instance credential/);
});

test('certurl with binding certificate', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=cert-ok, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('ok'), x509Parameters(certificate));
  const result = await certificateToken(sandbox, binding.credentials, certificate.chainPem, certificate.privateKeyPem);
  assert.equal(result.status, 200);
  assert.equal(result.json.expires_in, 43199);
  assert.equal(decodeJwt(result.json.access_token).payload.client_id, binding.credentials.clientid);
});

test('certurl without client certificate', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=no-cert, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('nocert'), x509Parameters(certificate));
  const result = await call(agentFor(sandbox), `${sandbox.urls.uaaCert}/oauth/token`, {
    method: 'POST',
    ...form({ grant_type: 'client_credentials', client_id: binding.credentials.clientid }),
  });
  assert.equal(result.status, 401);
  assert.equal(result.json.error, 'invalid_client');
  assert.match(result.json.error_description, /no client certificate was presented/);
});

test('certurl with unknown CA certificate', async () => {
  const trusted = await sandbox.issueClientCertificate({ subject: 'CN=impostor, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('unknown'), x509Parameters(trusted, { 'certificate-pinning': false }));
  // Same subject and issuer DN as the registered certificate, but from another CA.
  const untrusted = await createUntrustedCa('CN=aicore-mtls sandbox Client Root CA, O=aicore-mtls sandbox', 'CN=aicore-mtls sandbox Client CA, O=aicore-mtls sandbox');
  const impostor = await untrusted.issue({ subject: 'CN=impostor, O=Tests, C=DE', notBefore: trusted.notBefore });
  const result = await certificateToken(sandbox, binding.credentials, impostor.chainPem, impostor.privateKeyPem);
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /not a trusted CA/);
});

test('certurl without client_id', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=no-id, O=Tests, C=DE' });
  await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('noid'), x509Parameters(certificate));
  const result = await call(agentFor(sandbox, { cert: certificate.chainPem, key: certificate.privateKeyPem }), `${sandbox.urls.uaaCert}/oauth/token`, {
    method: 'POST',
    ...form({ grant_type: 'client_credentials' }),
  });
  assert.equal(result.status, 400);
  assert.equal(result.json.error, 'invalid_request');
  assert.match(result.json.error_description, /client_id/);
});

test('certurl with leaf only', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=leaf-only, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('leaf'), x509Parameters(certificate));
  const result = await certificateToken(sandbox, binding.credentials, certificate.certificatePem, certificate.privateKeyPem);
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /was not presented and is not a trusted CA/);
});

test('certurl with expired certificate', async () => {
  const now = sandbox.clock.now();
  const certificate = await sandbox.issueClientCertificate({
    subject: 'CN=short-lived, O=Tests, C=DE',
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 3_600_000),
  });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('expiring'), x509Parameters(certificate));
  const clock = sandbox.clock;
  const before = await certificateToken(sandbox, binding.credentials, certificate.chainPem, certificate.privateKeyPem);
  assert.equal(before.status, 200);
  clock.advance(2 * 3_600_000);
  const result = await certificateToken(sandbox, binding.credentials, certificate.chainPem, certificate.privateKeyPem);
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /expired on/);
});

test('certurl rejects client of another binding', async () => {
  const first = await sandbox.issueClientCertificate({ subject: 'CN=first, O=Tests, C=DE' });
  const binding = await sm.bindSync(sandbox.aicoreInstanceId, uniqueName('first'), x509Parameters(first));
  const other = await sandbox.issueClientCertificate({ subject: 'CN=never-bound, O=Tests, C=DE' });
  const result = await certificateToken(sandbox, binding.credentials, other.chainPem, other.privateKeyPem);
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /matches no/);
});

test('secret client at certurl', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=secret-at-cert, O=Tests, C=DE' });
  const result = await certificateToken(sandbox, { clientid: key().clientid }, certificate.chainPem, certificate.privateKeyPem);
  assert.equal(result.status, 401);
  assert.match(result.json.error_description, /has no x509 credential/);
});
