import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { publicKeyFingerprint } from '../../../src/keys/public-key.ts';
import { writePkcs12 } from '../../../src/pkcs12/index.ts';
import { issueCertificate } from '../../../src/x509/certificate-authority.ts';
import { createTestPki, type TestPki } from '../../helpers/pki.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { createTempDir } from '../../helpers/temp-dir.ts';
import { assertNoKeyMaterial } from './secrets.ts';

const password = 'Match-cli-password-3';
const folder = await createTempDir();
const file = (name: string) => join(folder, name);
let pki: TestPki;

before(async () => {
  pki = await createTestPki();
  await writeFile(file('leaf.pem'), pki.leaf.certificatePem);
  await writeFile(file('chain.pem'), pki.root.certificatePem + pki.intermediate.certificatePem + pki.leaf.certificatePem);
  await writeFile(file('leaf.key'), pki.leaf.privateKeyPem);
});

test('match pair exit 0', async () => {
  const result = await runCli(['cert', 'match', file('leaf.pem'), file('leaf.key')]);
  assert.equal(result.code, 0);
  const fingerprint = publicKeyFingerprint(pki.leaf.privateKey);
  assert.equal(result.stdout.split(fingerprint).length - 1, 2);
  assert.match(result.stdout, /Result: private key \[1\] belongs to certificate \[1\] C=DE,O=aicore-mtls tests,OU=Clients,CN=test-client/);
  assert.equal(result.stderr, '');
  assertNoKeyMaterial(result.stdout, pki.leaf.privateKeyPem);
});

test('match finds certificate in bundle', async () => {
  const result = await runCli(['cert', 'match', file('chain.pem'), file('leaf.key'), '--json']);
  assert.equal(result.code, 0);
  const document = JSON.parse(result.stdout) as { match: boolean; privateKeys: Array<{ matchesCertificates: number[] }> };
  assert.equal(document.match, true);
  assert.deepEqual(document.privateKeys[0]!.matchesCertificates, [3]);
});

test('match mismatch exit 3', async () => {
  const stranger = await issueCertificate({ subject: 'CN=stranger', profile: 'client' });
  await writeFile(file('stranger.key'), stranger.privateKeyPem);
  const result = await runCli(['cert', 'match', file('chain.pem'), file('stranger.key')]);
  assert.equal(result.code, 3);
  assert.match(result.stdout, /matches NO certificate/);
  assert.match(result.stdout, new RegExp(publicKeyFingerprint(stranger.privateKey)));
  assertNoKeyMaterial(result.stdout + result.stderr, stranger.privateKeyPem);
});

test('match key file without key exit 1', async () => {
  const result = await runCli(['cert', 'match', file('leaf.pem'), file('chain.pem')]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /chain\.pem contains no private key \(only 3 certificates\) \[ERR_NO_PRIVATE_KEY\]/);
  assert.equal(result.stdout, '');
});

test('match key inside PKCS#12', async () => {
  const der = (pem: string) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  await writeFile(file('store.p12'), writePkcs12({ privateKey: pki.leaf.privateKey, certificates: [der(pki.leaf.certificatePem)], password, profile: 'modern' }));
  const result = await runCli(['cert', 'match', file('chain.pem'), file('store.p12'), '--key-password-env', 'P12_PASSWORD'], { env: { P12_PASSWORD: password } });
  assert.equal(result.code, 0, result.stderr);
});

test('match missing argument exit 2', async () => {
  const result = await runCli(['cert', 'match', file('leaf.pem')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /missing required argument 'key'/);
});
