import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { compareKeys, keysMatch } from '../../src/keys/match.ts';
import { describeKey, publicKeyFingerprint } from '../../src/keys/public-key.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

let rsaPki: TestPki;
let ecPki: TestPki;

before(async () => {
  rsaPki = await createTestPki({ keyType: 'rsa-2048' });
  ecPki = await createTestPki({ keyType: 'ec-p256' });
});

function x509(pem: string): X509Certificate {
  return new X509Certificate(pem);
}

test('keysMatch RSA pair', () => {
  assert.equal(keysMatch(x509(rsaPki.leaf.certificatePem), rsaPki.leaf.privateKey), true);
});

test('keysMatch EC pair', () => {
  assert.equal(keysMatch(x509(ecPki.leaf.certificatePem), ecPki.leaf.privateKey), true);
});

test('keysMatch other key of same type', () => {
  assert.equal(keysMatch(x509(rsaPki.leaf.certificatePem), rsaPki.intermediate.privateKey), false);
});

test('keysMatch other key type', () => {
  assert.equal(keysMatch(x509(rsaPki.leaf.certificatePem), ecPki.leaf.privateKey), false);
});

test('compareKeys fingerprints equal on match', () => {
  const result = compareKeys(x509(ecPki.leaf.certificatePem), ecPki.leaf.privateKey);
  assert.equal(result.matches, true);
  assert.equal(result.certificateKeyFingerprint, result.privateKeyFingerprint);
  assert.match(result.privateKeyFingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
});

test('compareKeys fingerprints differ on mismatch', () => {
  const result = compareKeys(x509(ecPki.leaf.certificatePem), ecPki.root.privateKey);
  assert.equal(result.matches, false);
  assert.notEqual(result.certificateKeyFingerprint, result.privateKeyFingerprint);
});

test('describeKey names RSA and EC', () => {
  assert.equal(describeKey(rsaPki.leaf.privateKey).text, 'RSA 2048');
  assert.equal(describeKey(ecPki.leaf.privateKey).text, 'EC P-256');
  assert.equal(describeKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey).text, 'EC P-384');
  assert.equal(describeKey(generateKeyPairSync('ed25519').publicKey).text, 'Ed25519');
});

test('fingerprint equals openssl pkey digest', { skip: !existsSync('/usr/bin/openssl') && 'openssl not installed' }, async () => {
  const folder = await createTempDir();
  const keyPath = join(folder, 'key.pem');
  await writeFile(keyPath, rsaPki.leaf.privateKeyPem);
  const der = execFileSync('openssl', ['pkey', '-in', keyPath, '-pubout', '-outform', 'DER']);
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: der, encoding: 'utf8' });
  const hex = /= ([0-9a-f]{64})/.exec(digest)![1]!;
  assert.equal(publicKeyFingerprint(rsaPki.leaf.privateKey).replace(/:/g, '').toLowerCase(), hex);
});

test('fingerprint of compressed EC point', { skip: !existsSync('/usr/bin/openssl') && 'openssl not installed' }, async () => {
  const folder = await createTempDir();
  const keyPath = join(folder, 'key.pem');
  await writeFile(keyPath, ecPki.leaf.privateKeyPem);
  const compressed = execFileSync('openssl', ['ec', '-in', keyPath, '-pubout', '-conv_form', 'compressed'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const { createPublicKey } = await import('node:crypto');
  assert.equal(publicKeyFingerprint(createPublicKey(compressed)), publicKeyFingerprint(ecPki.leaf.privateKey));
});
