import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { readMaterialFile } from '../../../src/material/index.ts';
import { fixedPassword } from '../../../src/password.ts';
import { issueCertificate } from '../../../src/x509/certificate-authority.ts';
import { createTestPki, type TestPki } from '../../helpers/pki.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { createTempDir } from '../../helpers/temp-dir.ts';
import { assertNoKeyMaterial } from './secrets.ts';

const hasOpenssl = existsSync('/usr/bin/openssl');
const password = 'Convert-cli-password-7';
const folder = await createTempDir();
const file = (name: string) => join(folder, name);
let pki: TestPki;

before(async () => {
  pki = await createTestPki({ keyType: 'rsa-2048' });
  await writeFile(file('bundle.pem'), pki.root.certificatePem + pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.leaf.privateKeyPem);
  await writeFile(file('chain.pem'), pki.intermediate.certificatePem + pki.leaf.certificatePem);
  await writeFile(file('out-password.txt'), `${password}\n`);
});

async function mode(path: string): Promise<string> {
  return ((await stat(path)).mode & 0o777).toString(8);
}

test('convert PEM to p12 strust', async () => {
  const out = file('strust.p12');
  const result = await runCli(['cert', 'convert', file('bundle.pem'), '--to', 'p12', '--out', out, '--out-password-file', file('out-password.txt')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Wrote .*strust\.p12 \(PKCS#12, profile strust, mode 0600\): the private key, 3 certificates\./);
  assert.match(result.stdout, /Checked: the file was read back/);
  assert.equal(await mode(out), '600');
  const material = await readMaterialFile(out, { passwords: fixedPassword(password) });
  assert.equal(material.pkcs12?.profile, 'strust');
  assert.deepEqual(material.certificates.map((certificate) => certificate.pem), [pki.leaf.certificatePem, pki.intermediate.certificatePem, pki.root.certificatePem]);
  assertNoKeyMaterial(result.stdout + result.stderr, pki.leaf.privateKeyPem);
});

test('convert p12 read by openssl', { skip: !hasOpenssl && 'openssl not installed' }, async () => {
  const out = file('modern.p12');
  const result = await runCli(['cert', 'convert', file('bundle.pem'), '--to', 'p12', '--profile', 'modern', '--out', out, '--out-password-env', 'OUT_PASSWORD'], { env: { OUT_PASSWORD: password } });
  assert.equal(result.code, 0, result.stderr);
  const keys = execFileSync('openssl', ['pkcs12', '-in', out, '-passin', `file:${file('out-password.txt')}`, '-nocerts', '-nodes'], { encoding: 'utf8' });
  assert.match(keys, /BEGIN PRIVATE KEY/);
});

test('convert refuses to overwrite without --force', async () => {
  const out = file('existing.pem');
  await writeFile(out, 'keep me');
  const rejected = await runCli(['cert', 'convert', file('chain.pem'), '--to', 'pem', '--out', out]);
  assert.equal(rejected.code, 1);
  assert.match(rejected.stderr, /already exists \[ERR_FILE_EXISTS\]/);
  assert.equal(await readFile(out, 'utf8'), 'keep me');
  const forced = await runCli(['cert', 'convert', file('chain.pem'), '--to', 'pem', '--out', out, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(await readFile(out, 'utf8'), pki.leaf.certificatePem + pki.intermediate.certificatePem);
  assert.equal(await mode(out), '644');
});

test('convert p12 without output password exit 2', async () => {
  const out = file('no-password.p12');
  const result = await runCli(['cert', 'convert', file('bundle.pem'), '--to', 'p12', '--out', out]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /\[ERR_OUTPUT_PASSWORD_MISSING\]/);
  assert.equal(existsSync(out), false);
});

test('convert p12 with --empty-password warns', async () => {
  const out = file('empty.p12');
  const result = await runCli(['cert', 'convert', file('bundle.pem'), '--to', 'p12', '--out', out, '--empty-password']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: .*empty\.p12" has an EMPTY password/);
  const material = await readMaterialFile(out, { passwords: fixedPassword('') });
  assert.equal(material.privateKeys.length, 1);
});

test('convert PEM encrypts key by default', async () => {
  const out = file('encrypted.pem');
  const result = await runCli(['cert', 'convert', file('bundle.pem'), '--to', 'pem', '--out', out, '--out-password-file', file('out-password.txt')]);
  assert.equal(result.code, 0, result.stderr);
  const text = await readFile(out, 'utf8');
  assert.ok(text.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----\n'));
  assert.ok(text.endsWith(pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem));
  assert.equal(text.includes('\r'), false);
  assert.equal(await mode(out), '600');
});

test('convert PEM key needs a password', async () => {
  const result = await runCli(['cert', 'convert', file('bundle.pem'), '--to', 'pem', '--out', file('needs-password.pem')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /\[ERR_OUTPUT_PASSWORD_MISSING\]/);
});

test('convert PEM --no-encrypt-key warns', async () => {
  const out = file('plain.pem');
  const result = await runCli(['cert', 'convert', file('bundle.pem'), '--to', 'pem', '--out', out, '--no-encrypt-key', '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /is NOT encrypted/);
  const document = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.equal(document.privateKeyEncrypted, false);
  assert.equal(document.mode, '0600');
  assert.ok((await readFile(out, 'utf8')).startsWith('-----BEGIN PRIVATE KEY-----\n'));
  assertNoKeyMaterial(result.stdout + result.stderr, pki.leaf.privateKeyPem);
});

test('convert rewrites a traditional 3DES key', async () => {
  const oldKey = pki.leaf.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'des-ede3-cbc', passphrase: password }) as string;
  await writeFile(file('old.key'), oldKey);
  const out = file('rewritten.pem');
  const result = await runCli(['cert', 'convert', file('chain.pem'), '--key', file('old.key'), '--key-password-file', file('out-password.txt'), '--to', 'pem', '--out', out, '--out-password-file', file('out-password.txt')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /MD5/);
  const material = await readMaterialFile(out, { passwords: fixedPassword(password) });
  assert.equal(material.privateKeys[0]!.encoding, 'encrypted-pkcs8');
});

test('convert rejects option combinations', async () => {
  const profileWithPem = await runCli(['cert', 'convert', file('chain.pem'), '--to', 'pem', '--profile', 'modern', '--out', file('x.pem')]);
  assert.equal(profileWithPem.code, 2);
  assert.match(profileWithPem.stderr, /--profile applies only to --to p12/);
  const noEncryptWithP12 = await runCli(['cert', 'convert', file('bundle.pem'), '--to', 'p12', '--no-encrypt-key', '--out', file('x.p12')]);
  assert.equal(noEncryptWithP12.code, 2);
  const badProfile = await runCli(['cert', 'convert', file('bundle.pem'), '--to', 'p12', '--profile', 'weak', '--out', file('x.p12')]);
  assert.equal(badProfile.code, 2);
  assert.match(badProfile.stderr, /Allowed choices are strust, modern, legacy-rc2/);
});

test('convert key mismatch writes nothing', async () => {
  const stranger = await issueCertificate({ subject: 'CN=stranger', profile: 'client' });
  await writeFile(file('stranger.key'), stranger.privateKeyPem);
  const out = file('mismatch.p12');
  const result = await runCli(['cert', 'convert', file('chain.pem'), '--key', file('stranger.key'), '--to', 'p12', '--out', out, '--out-password-file', file('out-password.txt')]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /\[ERR_KEY_MISMATCH\]/);
  assert.equal(existsSync(out), false);
});

test('convert --help names profiles and consumers', async () => {
  const result = await runCli(['cert', 'convert', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /strust {6}3DES key and certificates, SHA-1 MAC: for STRUST and sapgenpse/);
  assert.match(result.stdout, /legacy-rc2/);
  assert.match(result.stdout, /encrypted PKCS#8/);
  assert.match(result.stdout, /Exit codes:/);
});
