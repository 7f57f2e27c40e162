import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, test } from 'node:test';

import { renewalLeadMs, type Sandbox } from '../../src/sandbox/index.ts';
import { destinationClient } from './destination-helpers.ts';
import { startTestSandbox } from './helpers.ts';

const hour = 3_600_000;
const day = 24 * hour;

test('renewal lead follows SAP table', () => {
  const rows: Array<['DAYS' | 'MONTHS' | 'YEARS', number, number]> = [
    ['DAYS', 1, 12 * hour],
    ['DAYS', 2, day],
    ['DAYS', 14, day],
    ['DAYS', 15, 3 * day],
    ['DAYS', 31, 3 * day],
    ['DAYS', 32, 7 * day],
    ['DAYS', 154, 7 * day],
    ['DAYS', 155, 30 * day],
    ['DAYS', 365, 30 * day],
    ['MONTHS', 1, 3 * day],
    ['MONTHS', 2, 7 * day],
    ['MONTHS', 5, 7 * day],
    ['MONTHS', 6, 30 * day],
    ['MONTHS', 12, 30 * day],
    ['YEARS', 1, 30 * day],
    ['YEARS', 5, 30 * day],
  ];
  for (const [unit, value, expected] of rows) {
    assert.equal(renewalLeadMs({ TimeUnit: unit, Value: value }), expected, `${value} ${unit}`);
  }
});

let sandbox: Sandbox;

before(async () => {
  sandbox = await startTestSandbox();
});

interface Leaf {
  certificate: X509Certificate;
  keyPem: string | undefined;
}

async function readLeaf(name: string): Promise<Leaf> {
  // Tokens live 12 hours; every read gets a fresh one because the tests move the clock by days.
  const destination = await destinationClient(sandbox);
  const text = (await destination.content(name)).toString('utf8');
  const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(text)?.[0];
  return { certificate: new X509Certificate(text.slice(text.indexOf('-----BEGIN CERTIFICATE-----'))), keyPem };
}

async function generate(body: unknown): Promise<void> {
  const destination = await destinationClient(sandbox);
  const result = await destination.post(body);
  assert.equal(result.status, 201, result.text);
}

test('one year renews 30 days before expiry', async () => {
  await generate({ Name: 'yearly.pem', Attributes: { CN: 'yearly', Validity: { TimeUnit: 'YEARS', Value: 1 }, AutomaticRenew: true } });
  const original = await readLeaf('yearly.pem');
  const notAfter = Date.parse(original.certificate.validTo);

  sandbox.clock.set(new Date(notAfter - 30 * day - hour));
  const early = await readLeaf('yearly.pem');
  assert.equal(early.certificate.serialNumber, original.certificate.serialNumber, 'not renewed 30 days + 1 hour before expiry');

  sandbox.clock.set(new Date(notAfter - 30 * day + hour));
  const renewed = await readLeaf('yearly.pem');
  assert.notEqual(renewed.certificate.serialNumber, original.certificate.serialNumber);
  assert.equal(renewed.certificate.subject, original.certificate.subject);
  assert.notEqual(renewed.keyPem, original.keyPem, 'a new key');
  assert.equal(Date.parse(renewed.certificate.validFrom), notAfter - 30 * day, 'issued at the renewal time');
  const renewedYear = new Date(Date.parse(renewed.certificate.validFrom));
  renewedYear.setUTCFullYear(renewedYear.getUTCFullYear() + 1);
  assert.equal(Date.parse(renewed.certificate.validTo), renewedYear.getTime(), 'same validity length');
});

test('one day renews 12 hours before', async () => {
  await generate({ Name: 'daily.pem', Attributes: { CN: 'daily', Validity: { TimeUnit: 'DAYS', Value: 1 }, AutomaticRenew: true } });
  const original = await readLeaf('daily.pem');
  const notAfter = Date.parse(original.certificate.validTo);
  sandbox.clock.set(new Date(notAfter - 13 * hour));
  assert.equal((await readLeaf('daily.pem')).certificate.serialNumber, original.certificate.serialNumber);
  sandbox.clock.set(new Date(notAfter - 11 * hour));
  assert.notEqual((await readLeaf('daily.pem')).certificate.serialNumber, original.certificate.serialNumber);
});

test('without AutomaticRenew no renewal', async () => {
  await generate({ Name: 'manual.pem', Attributes: { CN: 'manual', Validity: { TimeUnit: 'DAYS', Value: 10 } } });
  const original = await readLeaf('manual.pem');
  sandbox.clock.set(new Date(Date.parse(original.certificate.validTo) + day));
  assert.equal((await readLeaf('manual.pem')).certificate.serialNumber, original.certificate.serialNumber);
});

test('CSR renewal keeps the key', async () => {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const { x509 } = await import('../../src/x509/peculiar.ts');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=csr', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
  await generate({ Name: 'csr-renew.pem', Attributes: { CN: 'csr-renew', CSR: Buffer.from(csr.toString('pem')).toString('base64'), Validity: { TimeUnit: 'MONTHS', Value: 1 }, AutomaticRenew: true } });
  const original = await readLeaf('csr-renew.pem');
  sandbox.clock.set(new Date(Date.parse(original.certificate.validTo) - 2 * day));
  const renewed = await readLeaf('csr-renew.pem');
  assert.notEqual(renewed.certificate.serialNumber, original.certificate.serialNumber);
  assert.ok(renewed.certificate.publicKey.equals(original.certificate.publicKey));
});

test('renewal issued at scheduled time', async () => {
  await generate({ Name: 'eager.pem', Attributes: { CN: 'eager', Validity: { TimeUnit: 'DAYS', Value: 20 }, AutomaticRenew: true } });
  const original = await readLeaf('eager.pem');
  sandbox.clock.set(new Date(Date.parse(original.certificate.validTo) - 2 * day));
  await sandbox.settle();
  const destination = await destinationClient(sandbox);
  const listed = await destination.get(`?$filter=${encodeURIComponent("Name in ('eager.pem')")}&$includeMetadata=modification_time`);
  assert.equal(Number(listed.json[0].$metadata.modification_time), Date.parse(original.certificate.validTo) - 3 * day);
});

test('imported certificate never renews', async () => {
  const certificate = await sandbox.issueClientCertificate({ subject: 'CN=imported, O=Tests, C=DE', notAfter: new Date(sandbox.clock.now().getTime() + 5 * day) });
  const destination = await destinationClient(sandbox);
  await destination.post({ Name: 'imported.pem', Content: Buffer.from(certificate.chainPem + certificate.rootPem).toString('base64') });
  const before = await destination.get('/imported.pem');
  sandbox.clock.advance(10 * day);
  const after = await (await destinationClient(sandbox)).get('/imported.pem');
  assert.equal(after.headers.etag, before.headers.etag);
});
