import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { certificateFromDer } from '../../src/x509/certificate.ts';
import { parseCertificateFields } from '../../src/x509/certificate-fields.ts';
import { DerError } from '../../src/x509/der.ts';
import { describeCertificate } from '../../src/x509/describe.ts';
import { formatName } from '../../src/x509/name.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

const hasOpenssl = existsSync('/usr/bin/openssl');
let rsa: TestPki;
let ec: TestPki;
const folder = await createTempDir();

before(async () => {
  rsa = await createTestPki({ keyType: 'rsa-2048', leafProfile: 'client-server', dnsNames: ['host.example'], ipAddresses: ['127.0.0.1'] });
  ec = await createTestPki({ keyType: 'ec-p256' });
});

function derOf(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}

function openssl(pemPath: string, ...args: string[]): string {
  return execFileSync('openssl', ['x509', '-in', pemPath, '-noout', ...args], { encoding: 'utf8' });
}

test('parseCertificateFields leaf extensions', () => {
  const fields = parseCertificateFields(derOf(rsa.leaf.certificatePem));
  assert.equal(fields.version, 3);
  assert.deepEqual(fields.decoded.basicConstraints, { ca: false });
  assert.deepEqual(fields.decoded.keyUsage, ['digitalSignature', 'keyEncipherment']);
  assert.deepEqual(fields.decoded.extendedKeyUsage, ['clientAuth', 'serverAuth']);
  assert.deepEqual(fields.decoded.subjectAltNames, ['DNS:host.example', 'IP Address:127.0.0.1']);
  assert.equal(fields.signatureAlgorithm.name, 'sha256WithRSAEncryption');
  assert.equal(fields.publicKeyAlgorithm.name, 'rsaEncryption');
});

test('parseCertificateFields intermediate links by key id', () => {
  const leaf = parseCertificateFields(derOf(ec.leaf.certificatePem));
  const intermediate = parseCertificateFields(derOf(ec.intermediate.certificatePem));
  assert.equal(leaf.decoded.authorityKeyIdentifier, intermediate.decoded.subjectKeyIdentifier);
  assert.deepEqual(intermediate.decoded.basicConstraints, { ca: true, pathLength: 0 });
  assert.equal(intermediate.signatureAlgorithm.name, 'ecdsa-with-SHA256');
});

test('parseCertificateFields rejects truncated DER', () => {
  const der = derOf(rsa.leaf.certificatePem);
  assert.throws(() => parseCertificateFields(der.subarray(0, der.length - 10)), DerError);
});

for (const name of ['rsa leaf', 'ec intermediate'] as const) {
  test(`describeCertificate equals openssl for ${name}`, { skip: !hasOpenssl && 'openssl not installed' }, async () => {
    const pem = name === 'rsa leaf' ? rsa.leaf.certificatePem : ec.intermediate.certificatePem;
    const path = join(folder, `${name.replace(' ', '-')}.pem`);
    await writeFile(path, pem);
    const description = describeCertificate(certificateFromDer(derOf(pem), path));
    const expected = openssl(path, '-subject', '-issuer', '-serial', '-nameopt', 'RFC2253');
    assert.match(expected, new RegExp(`^subject=${escape(description.subject)}$`, 'm'));
    assert.match(expected, new RegExp(`^issuer=${escape(description.issuer)}$`, 'm'));
    assert.match(expected, new RegExp(`^serial=${description.serialNumber}$`, 'm'));
    const dates = openssl(path, '-enddate');
    assert.equal(new Date(dates.replace('notAfter=', '').trim()).toISOString(), description.notAfter);
    const text = openssl(path, '-text');
    assert.match(text, new RegExp(`Signature Algorithm: ${description.signatureAlgorithm.name}`));
    const fingerprint = openssl(path, '-fingerprint', '-sha256');
    assert.match(fingerprint, new RegExp(description.fingerprint256));
  });
}

test('formatName escapes like openssl RFC2253', { skip: !hasOpenssl && 'openssl not installed' }, async () => {
  const keyPath = join(folder, 'special.key');
  const certPath = join(folder, 'special.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '5',
    '-multivalue-rdn', '-subj', '/C=DE/O=A, B "Q"/OU=x+UID=y/CN=#hash <t>; end /emailAddress=a@b.c',
    '-addext', 'subjectAltName=DNS:a.example,IP:127.0.0.1,IP:::1,email:x@y.z,URI:https://u.example/p',
  ], { stdio: 'ignore' });
  const pem = execFileSync('openssl', ['x509', '-in', certPath], { encoding: 'utf8' });
  const fields = parseCertificateFields(derOf(pem));
  const expected = openssl(certPath, '-subject', '-nameopt', 'RFC2253').trim().replace(/^subject=/, '');
  assert.equal(formatName(fields.subject), expected);
  const sans = openssl(certPath, '-ext', 'subjectAltName').split('\n')[1]!.trim();
  assert.equal(fields.decoded.subjectAltNames!.join(', '), sans);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
