import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createDestinationClient, identityFromDestinationCertificate, type DestinationCertificateClient } from '../../../src/btp/destination/index.ts';
import { createCertificateSigningRequest } from '../../../src/csr/create-csr.ts';
import { logChannel, type LogEvent } from '../../../src/diagnostics.ts';
import { fixedPassword } from '../../../src/password.ts';
import { redactText } from '../../../src/redact.ts';
import { startSandboxSession, type SandboxSession } from '../sandbox-session.ts';

let session: SandboxSession;
let destination: DestinationCertificateClient;

before(async () => {
  session = await startSandboxSession();
  destination = createDestinationClient({ credentials: session.destinationCredentials, http: session.http, cache: session.cache });
});

after(async () => {
  await destination?.close();
  await session?.stop();
});

test('generate and read PEM', async () => {
  await destination.generate({ name: 'plain.pem', commonName: 'plain-client', validity: { TimeUnit: 'DAYS', Value: 30 } });
  const stored = await destination.read('plain.pem');
  assert.ok(stored);
  assert.equal(stored.name, 'plain.pem');
  const text = stored.content.toString('utf8');
  assert.match(text, /-----BEGIN PRIVATE KEY-----/);
  assert.ok((text.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length >= 2);
  assert.match(redactText(text), /-----BEGIN PRIVATE KEY-----\n\[redacted\]\n-----END PRIVATE KEY-----/, 'key redacted in output');

  const identity = await identityFromDestinationCertificate(stored);
  assert.match(identity.leafSubject, /CN=plain-client/);
});

test('generation password never logged', async () => {
  const events: LogEvent[] = [];
  const listener = (event: unknown) => events.push(event as LogEvent);
  logChannel.subscribe(listener);
  const password = 'generation-password-4417';
  try {
    await destination.generate({ name: 'secret.pem', commonName: 'secret-client', password });
  } finally {
    logChannel.unsubscribe(listener);
  }
  assert.ok(events.some((event) => event.scope === 'destination' && event.fields?.password === true));
  assert.doesNotMatch(JSON.stringify(events), /generation-password-4417/);
  assert.equal(redactText(`pw ${password}`), 'pw [redacted]');

  const stored = await destination.read('secret.pem');
  await assert.rejects(identityFromDestinationCertificate(stored!), { code: 'ERR_PASSWORD_MISSING' });
  await assert.rejects(identityFromDestinationCertificate(stored!, { passwords: fixedPassword('wrong-password') }), { code: 'ERR_PASSWORD_INCORRECT' });
  const identity = await identityFromDestinationCertificate(stored!, { passwords: fixedPassword(password) });
  assert.match(identity.leafSubject, /CN=secret-client/);
});

test('duplicate name is typed', async () => {
  await destination.generate({ name: 'twice.pem', commonName: 'twice' });
  await assert.rejects(destination.generate({ name: 'twice.pem', commonName: 'twice' }), (error: unknown) => {
    const typed = error as { code?: string; message: string; details: Record<string, unknown> };
    assert.equal(typed.code, 'ERR_DESTINATION_CERTIFICATE_EXISTS');
    assert.match(typed.message, /a certificate named "twice.pem" already exists \(Duplicate key\)/);
    assert.equal(typed.details.status, 409);
    return true;
  });
});

test('missing certificate is typed', async () => {
  await assert.rejects(destination.read('absent.pem'), {
    code: 'ERR_DESTINATION_CERTIFICATE_NOT_FOUND',
    message: /reading certificate "absent.pem" failed: certificate "absent.pem" was not found \(Not Found\)/,
  });
});

test('ETag makes reread conditional', async () => {
  await destination.generate({ name: 'etag.pem', commonName: 'etag' });
  const first = await destination.read('etag.pem');
  assert.ok(first?.etag);
  assert.equal(await destination.read('etag.pem', { ifNoneMatch: first.etag }), undefined);
});

test('public keys without private key', async () => {
  await destination.generate({ name: 'public.pem', commonName: 'public-client' });
  const keys = await destination.publicKeys('public.pem');
  assert.equal(keys.length, 1);
  assert.match(keys[0]!.pem, /^-----BEGIN CERTIFICATE-----/);
  assert.doesNotMatch(keys[0]!.pem, /PRIVATE KEY/);
  assert.match(keys[0]!.subjectDN, /CN=public-client/);
});

test('keystore public keys JSON error', async () => {
  await destination.generate({ name: 'store.p12', commonName: 'store', password: 'store-password-1' });
  await assert.rejects(destination.publicKeys('store.p12'), {
    code: 'ERR_DESTINATION_BAD_REQUEST',
    message: /The keystore is password-protected and public keys cannot be retrieved/,
  });
});

test('PKCS#12 content read as identity', async () => {
  await destination.generate({ name: 'identity.p12', commonName: 'p12-client', password: 'p12-password-2' });
  const stored = await destination.read('identity.p12');
  const identity = await identityFromDestinationCertificate(stored!, { passwords: fixedPassword('p12-password-2') });
  assert.match(identity.leafSubject, /CN=p12-client/);
});

test('CSR signed without key', async () => {
  const csr = await createCertificateSigningRequest({ commonName: 'csr-client', keyType: 'ec-p256' });
  await destination.generate({ name: 'csr.pem', csrPem: csr.csrPem, validity: { TimeUnit: 'MONTHS', Value: 1 } });
  const stored = await destination.read('csr.pem');
  assert.doesNotMatch(stored!.content.toString('utf8'), /PRIVATE KEY/);
  await assert.rejects(identityFromDestinationCertificate(stored!), { code: 'ERR_DESTINATION_INVALID_RESPONSE', message: /contains no private key/ });
  await assert.rejects(destination.generate({ name: 'csr.p12', csrPem: csr.csrPem }), { code: 'ERR_DESTINATION_INVALID_ARGUMENT' });
});

test('upload and overwrite', async () => {
  const certificate = await session.sandbox.issueClientCertificate({ subject: 'CN=uploaded, O=aicore-mtls tests, C=DE' });
  // An uploaded file must hold the whole chain up to the root.
  const bundle = certificate.privateKeyPem + certificate.chainPem + certificate.rootPem;
  await destination.upload({ name: 'uploaded.pem', content: bundle });
  assert.equal((await destination.read('uploaded.pem'))!.content.toString('utf8'), bundle);
  await assert.rejects(destination.upload({ name: 'uploaded.pem', content: bundle }), { code: 'ERR_DESTINATION_CERTIFICATE_EXISTS' });

  const replacement = await session.sandbox.issueClientCertificate({ subject: 'CN=replaced, O=aicore-mtls tests, C=DE' });
  await destination.upload({ name: 'uploaded.pem', content: replacement.privateKeyPem + replacement.chainPem + replacement.rootPem, overwrite: true });
  const identity = await identityFromDestinationCertificate((await destination.read('uploaded.pem'))!);
  assert.match(identity.leafSubject, /CN=replaced/);
});

test('list with paging and filters', async () => {
  const names = ['list-a.pem', 'list-b.pem', 'list-c.pem'];
  for (const name of names) await destination.generate({ name, commonName: name.replace('.pem', '') });
  const before = session.sandbox.requestLog().length;

  const paged = await destination.list({ pageSize: 2 });
  for (const name of names) assert.ok(paged.some((entry) => entry.name === name), `${name} listed`);
  const pageCalls = session.sandbox.requestLog().slice(before).filter((entry) => /(\$|%24)page=/.test(entry.path));
  assert.equal(pageCalls.length, Math.ceil(paged.length / 2));

  const onlyNames = await destination.list({ namesOnly: true });
  assert.ok(onlyNames.every((entry) => entry.content === undefined));
  assert.ok(onlyNames.length >= names.length);

  const filtered = await destination.list({ filter: "Name in ('list-a.pem','list-c.pem')" });
  assert.deepEqual(filtered.map((entry) => entry.name).sort(), ['list-a.pem', 'list-c.pem']);
  assert.ok(filtered.every((entry) => entry.content !== undefined && entry.content.length > 0));

  await assert.rejects(destination.list({ filter: "Name in ('a')", pageSize: 2 }), { code: 'ERR_DESTINATION_INVALID_ARGUMENT' });
});

test('delete once then missing', async () => {
  await destination.generate({ name: 'delete-me.pem', commonName: 'delete-me' });
  assert.equal(await destination.delete('delete-me.pem'), true);
  assert.equal(await destination.delete('delete-me.pem', { ignoreMissing: true }), false);
  await assert.rejects(destination.delete('delete-me.pem'), { code: 'ERR_DESTINATION_CERTIFICATE_NOT_FOUND' });
});

test('instance level stored separately', async () => {
  const instanceLevel = createDestinationClient({ credentials: session.destinationCredentials, http: session.http, cache: session.cache, level: 'instance' });
  after(() => instanceLevel.close());
  await instanceLevel.generate({ name: 'instance-only.pem', commonName: 'instance-only' });
  assert.ok(await instanceLevel.read('instance-only.pem'));
  await assert.rejects(destination.read('instance-only.pem'), { code: 'ERR_DESTINATION_CERTIFICATE_NOT_FOUND' });
  const call = session.sandbox.requestLog().find((entry) => entry.path.includes('/instanceCertificates/instance-only.pem'));
  assert.equal(call?.status, 200);
});

test('invalid names rejected locally', async () => {
  await assert.rejects(destination.read('../etc/passwd'), { code: 'ERR_DESTINATION_INVALID_ARGUMENT' });
  await assert.rejects(destination.generate({ name: ' ' }), { code: 'ERR_DESTINATION_INVALID_ARGUMENT' });
});

test('wrong service token rejected', async () => {
  // A Service Manager token is not accepted by the Destination service.
  const { DestinationCertificateClient } = await import('../../../src/btp/destination/client.ts');
  const { createTokenProvider } = await import('../../../src/xsuaa/index.ts');
  const client = new DestinationCertificateClient({
    serviceUri: session.sandbox.urls.destination,
    http: session.http,
    getAccessToken: createTokenProvider({ credentials: session.serviceManagerCredentials, http: session.http, cache: session.cache }),
  });
  after(() => client.close());
  await assert.rejects(client.list(), (error: unknown) => {
    const code = (error as { code?: string }).code;
    assert.ok(code === 'ERR_DESTINATION_UNAUTHORIZED' || code === 'ERR_DESTINATION_FORBIDDEN', `code ${code}`);
    return true;
  });
});
