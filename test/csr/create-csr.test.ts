import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

import { createCertificateSigningRequest } from '../../src/csr/create-csr.ts';
import { x509 } from '../../src/x509/peculiar.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const openssl = '/usr/bin/openssl';
const hasOpenssl = existsSync(openssl);
const keyUsageOid = '2.5.29.15';
const extendedKeyUsageOid = '2.5.29.37';
const subjectAltNameOid = '2.5.29.17';

async function opensslReq(csrPem: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const folder = await createTempDir();
  const path = join(folder, 'request.csr');
  await writeFile(path, csrPem);
  return run(openssl, ['req', '-in', path, '-noout', ...args]);
}

test('csr rsa default profile', async () => {
  const created = await createCertificateSigningRequest({ commonName: 'islm-dev', subjectAltNames: ['dns:islm.example.com', 'ip:10.0.0.1'] });
  assert.equal(created.keyType, 'rsa-2048');
  assert.equal(created.subject, 'CN=islm-dev');
  assert.deepEqual(created.subjectAltNames, ['DNS:islm.example.com', 'IP Address:10.0.0.1']);
  assert.match(created.csrPem, /^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n$/);

  const csr = new x509.Pkcs10CertificateRequest(created.csrPem);
  assert.equal(await csr.verify(), true);
  assert.equal(csr.subject, 'CN=islm-dev');
  assert.equal((csr.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength, 2048);
  const keyUsage = (csr.getExtension(keyUsageOid) as x509.KeyUsagesExtension | null);
  assert.equal(keyUsage?.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
  assert.equal(keyUsage?.critical, true);
  const extendedKeyUsage = csr.getExtension(extendedKeyUsageOid) as x509.ExtendedKeyUsageExtension | null;
  assert.deepEqual([...(extendedKeyUsage?.usages ?? [])], [x509.ExtendedKeyUsage.clientAuth]);
  const altNames = (csr.getExtension(subjectAltNameOid) as x509.SubjectAlternativeNameExtension | null)?.names.toJSON();
  assert.deepEqual(altNames, [
    { type: 'dns', value: 'islm.example.com' },
    { type: 'ip', value: '10.0.0.1' },
  ]);
});

test('csr fingerprint and key match', async () => {
  const created = await createCertificateSigningRequest({ commonName: 'islm' });
  const csr = new x509.Pkcs10CertificateRequest(created.csrPem);
  const spki = Buffer.from(csr.publicKey.rawData);
  const expected = createHash('sha256').update(spki).digest('hex').toUpperCase().match(/../g)!.join(':');
  assert.equal(created.publicKeySha256, expected);
  const derived = createPublicKey(created.privateKey).export({ type: 'spki', format: 'der' });
  assert.ok(derived.equals(spki));
});

test('csr ec key usage', async () => {
  const created = await createCertificateSigningRequest({ commonName: 'islm', keyType: 'ec-p256' });
  const csr = new x509.Pkcs10CertificateRequest(created.csrPem);
  assert.equal(await csr.verify(), true);
  assert.equal(created.signatureAlgorithm, 'ecdsa-with-SHA256');
  assert.equal((csr.publicKey.algorithm as EcKeyAlgorithm).namedCurve, 'P-256');
  assert.equal((csr.getExtension(keyUsageOid) as x509.KeyUsagesExtension | null)?.usages, x509.KeyUsageFlags.digitalSignature);
  assert.equal(created.privateKey.asymmetricKeyType, 'ec');
});

test('csr rsa sizes', async () => {
  for (const keyType of ['rsa-3072', 'rsa-4096'] as const) {
    const created = await createCertificateSigningRequest({ commonName: 'islm', keyType });
    const csr = new x509.Pkcs10CertificateRequest(created.csrPem);
    assert.equal((csr.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength, Number(keyType.slice(4)), keyType);
  }
});

test('csr rejects bad names early', async () => {
  await assert.rejects(createCertificateSigningRequest({ commonName: '' }), { code: 'ERR_CSR_COMMON_NAME_INVALID' });
  await assert.rejects(createCertificateSigningRequest({ commonName: 'a', subjectAltNames: ['host'] }), { code: 'ERR_CSR_SAN_INVALID' });
});

test('csr verifies with openssl', { skip: !hasOpenssl && 'no /usr/bin/openssl' }, async () => {
  const created = await createCertificateSigningRequest({
    commonName: 'islm',
    subject: 'OU=Basis\\, Team, O=Example AG, L=Walldorf, C=DE',
    subjectAltNames: ['dns:islm.example.com'],
  });
  const verified = await opensslReq(created.csrPem, '-verify');
  assert.match(verified.stderr + verified.stdout, /verify OK/);

  const subject = await opensslReq(created.csrPem, '-subject', '-nameopt', 'RFC2253');
  assert.equal(subject.stdout.trim(), `subject=${created.subject}`);
  assert.equal(created.subject, 'CN=islm,OU=Basis\\, Team,O=Example AG,L=Walldorf,C=DE');

  const text = await opensslReq(created.csrPem, '-text');
  assert.match(text.stdout, /Signature Algorithm: sha256WithRSAEncryption/);
  assert.match(text.stdout, /Key Usage: critical\n\s+Digital Signature, Key Encipherment/);
  assert.match(text.stdout, /Extended Key Usage: ?\n\s+TLS Web Client Authentication/);
  assert.match(text.stdout, /DNS:islm\.example\.com/);
});

test('csr ec verifies with openssl', { skip: !hasOpenssl && 'no /usr/bin/openssl' }, async () => {
  const created = await createCertificateSigningRequest({ commonName: 'Müller', keyType: 'ec-p256' });
  const verified = await opensslReq(created.csrPem, '-verify');
  assert.match(verified.stderr + verified.stdout, /verify OK/);
  const text = await opensslReq(created.csrPem, '-text', '-nameopt', 'utf8');
  assert.match(text.stdout, /Signature Algorithm: ecdsa-with-SHA256/);
  assert.match(text.stdout, /Subject: CN ?= ?Müller/);
  assert.match(text.stdout, /ASN1 OID: prime256v1/);
});
