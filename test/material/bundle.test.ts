import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { AicoreMtlsError } from '../../src/errors.ts';
import { encodePemBundle, encodePkcs12Bundle, planBundle, verifyBundle } from '../../src/material/bundle.ts';
import { readMaterial, type Material } from '../../src/material/index.ts';
import { fixedPassword } from '../../src/password.ts';
import { issueCertificate } from '../../src/x509/certificate-authority.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import * as inputs from './inputs.ts';

const hasOpenssl = existsSync('/usr/bin/openssl');
const password = 'Bundle-password-42';
const folder = await createTempDir();
let pki: TestPki;

before(async () => {
  pki = await createTestPki({ keyType: 'rsa-2048' });
});

async function read(text: string | Uint8Array, passwordValue?: string): Promise<Material> {
  return readMaterial({ bytes: typeof text === 'string' ? inputs.bytesOf(text) : text, origin: 'input' }, { passwords: fixedPassword(passwordValue) });
}

test('planBundle orders key and chain', async () => {
  const plan = planBundle(await read(pki.root.certificatePem + pki.intermediate.certificatePem + pki.leaf.certificatePem + pki.leaf.privateKeyPem));
  assert.deepEqual(plan.certificates.map((certificate) => certificate.pem), [pki.leaf.certificatePem, pki.intermediate.certificatePem, pki.root.certificatePem]);
  assert.ok(plan.privateKey);
  assert.deepEqual(plan.omitted, []);
});

test('planBundle leaves out unrelated certificate', async () => {
  const other = await issueCertificate({ subject: 'CN=Other Root', profile: 'root-ca' });
  const plan = planBundle(await read(pki.leaf.certificatePem + other.certificatePem + pki.intermediate.certificatePem));
  assert.equal(plan.certificates.length, 2);
  assert.match(plan.omitted.join('\n'), /CN=Other Root/);
});

test('planBundle rejects a key that matches nothing', async () => {
  const stranger = await issueCertificate({ subject: 'CN=stranger', profile: 'client' });
  const material = await read(pki.leaf.certificatePem + stranger.privateKeyPem);
  assert.throws(() => planBundle(material), (error: AicoreMtlsError) => error.code === 'ERR_KEY_MISMATCH' && /fingerprints/.test(error.fix ?? ''));
});

test('encodePemBundle key first, LF only', async () => {
  const plan = planBundle(await read(inputs.crlf(pki.intermediate.certificatePem + pki.leaf.certificatePem + pki.leaf.privateKeyPem)));
  const pem = encodePemBundle(plan, password);
  assert.ok(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----\n'));
  assert.equal(pem.includes('\r'), false);
  assert.ok(pem.endsWith(pki.leaf.certificatePem + pki.intermediate.certificatePem));
  const material = await verifyBundle(inputs.bytesOf(pem), 'out.pem', plan, password);
  assert.equal(material.privateKeys[0]!.encoding, 'encrypted-pkcs8');
});

test('encodePemBundle unencrypted key', async () => {
  const plan = planBundle(await read(pki.leaf.certificatePem + pki.leaf.privateKeyPem));
  assert.ok(encodePemBundle(plan, undefined).startsWith('-----BEGIN PRIVATE KEY-----\n'));
});

test('verifyBundle detects a missing certificate', async () => {
  const plan = planBundle(await read(pki.leaf.certificatePem + pki.intermediate.certificatePem));
  await assert.rejects(verifyBundle(inputs.bytesOf(pki.leaf.certificatePem), 'out.pem', plan, undefined), (error: AicoreMtlsError) => error.code === 'ERR_BUNDLE_VERIFY_FAILED');
});

test('encodePkcs12Bundle round trip', async () => {
  const plan = planBundle(await read(pki.leaf.privateKeyPem + pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem));
  const bytes = await encodePkcs12Bundle(plan, { password, profile: 'modern' });
  const material = await verifyBundle(bytes, 'out.p12', plan, password);
  assert.equal(material.pkcs12?.profile, 'modern');
});

test('PEM bundle passes openssl verify', { skip: !hasOpenssl && 'openssl not installed' }, async () => {
  const plan = planBundle(await read(pki.root.certificatePem + pki.leaf.privateKeyPem + pki.intermediate.certificatePem + pki.leaf.certificatePem));
  const bundlePath = join(folder, 'bundle.pem');
  await writeFile(bundlePath, encodePemBundle(plan, password));
  const blocks = encodePemBundle(plan, password).match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g)!;
  await writeFile(join(folder, 'leaf.pem'), blocks[0]!);
  await writeFile(join(folder, 'intermediate.pem'), blocks[1]!);
  await writeFile(join(folder, 'root.pem'), blocks[2]!);
  const result = execFileSync('openssl', ['verify', '-CAfile', join(folder, 'root.pem'), '-untrusted', join(folder, 'intermediate.pem'), join(folder, 'leaf.pem')], { encoding: 'utf8' });
  assert.match(result, /leaf\.pem: OK/);
});

test('encrypted PEM key read by openssl pkey', { skip: !hasOpenssl && 'openssl not installed' }, async () => {
  const plan = planBundle(await read(pki.leaf.privateKeyPem + pki.leaf.certificatePem));
  const bundlePath = join(folder, 'with-key.pem');
  const passwordPath = join(folder, 'password.txt');
  await writeFile(bundlePath, encodePemBundle(plan, password));
  await writeFile(passwordPath, password);
  const pem = execFileSync('openssl', ['pkey', '-in', bundlePath, '-passin', `file:${passwordPath}`], { encoding: 'utf8' });
  assert.ok(createPrivateKey(pem).equals(pki.leaf.privateKey));
});

test('PKCS#12 bundle read by openssl', { skip: !hasOpenssl && 'openssl not installed' }, async () => {
  const plan = planBundle(await read(pki.leaf.privateKeyPem + pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem));
  const p12Path = join(folder, 'out.p12');
  const passwordPath = join(folder, 'p12-password.txt');
  await writeFile(p12Path, await encodePkcs12Bundle(plan, { password, profile: 'strust' }));
  await writeFile(passwordPath, password);
  const certificates = execFileSync('openssl', ['pkcs12', '-in', p12Path, '-passin', `file:${passwordPath}`, '-nokeys'], { encoding: 'utf8' });
  assert.equal(certificates.match(/BEGIN CERTIFICATE/g)?.length, 3);
  assert.match(certificates, /friendlyName: test-client/);
});
