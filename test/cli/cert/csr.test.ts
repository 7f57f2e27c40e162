import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

import { x509 } from '../../../src/x509/peculiar.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { createTempDir } from '../../helpers/temp-dir.ts';

const run = promisify(execFile);
const openssl = '/usr/bin/openssl';
const hasOpenssl = existsSync(openssl);
const password = 'csr-test-passphrase';
const folder = await createTempDir();
const passwordFile = join(folder, 'password.txt');
await writeFile(passwordFile, `${password}\n`);

let counter = 0;
function paths(): { key: string; csr: string } {
  counter += 1;
  return { key: join(folder, `client-${counter}.key`), csr: join(folder, `client-${counter}.csr`) };
}

function assertNoSecrets(text: string): void {
  assert.doesNotMatch(text, /PRIVATE KEY/);
  assert.equal(text.includes(password), false);
}

test('csr cli writes key and csr', async () => {
  const out = paths();
  const result = await runCli(['cert', 'csr', '--cn', 'islm-aicore-dev', '--san', 'dns:islm.example.com', '--out-key', out.key, '--out-csr', out.csr, '--password-file', passwordFile]);
  assert.equal(result.code, 0, result.stderr);
  assertNoSecrets(result.stdout);
  assertNoSecrets(result.stderr);

  assert.equal((await stat(out.key)).mode & 0o777, 0o600);
  const keyPem = await readFile(out.key, 'utf8');
  assert.match(keyPem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
  const key = createPrivateKey({ key: keyPem, passphrase: password });
  assert.throws(() => createPrivateKey({ key: keyPem, passphrase: 'wrong' }));

  const csr = new x509.Pkcs10CertificateRequest(await readFile(out.csr, 'utf8'));
  assert.equal(await csr.verify(), true);
  assert.equal(csr.subject, 'CN=islm-aicore-dev');
  const spki = Buffer.from(csr.publicKey.rawData);
  assert.ok(createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(spki));

  const fingerprint = Buffer.from(await csr.publicKey.getThumbprint('SHA-256')).toString('hex').toUpperCase().match(/../g)!.join(':');
  assert.ok(result.stdout.includes(`public key SHA-256: ${fingerprint}`));
  assert.match(result.stdout, /subject: +CN=islm-aicore-dev/);
  assert.match(result.stdout, /RSA 2048, encrypted PKCS#8 with AES-256-CBC, mode 0600/);
  assert.match(result.stdout, /Attributes\.CSR is the base64 of the whole PEM file/);
  assert.match(result.stdout, /aicore-mtls setup --csr /);
});

test('csr cli verifies with openssl', { skip: !hasOpenssl && 'no /usr/bin/openssl' }, async () => {
  const out = paths();
  const result = await runCli(['cert', 'csr', '--subject', 'CN=islm, OU=Basis, O=Example AG, C=DE', '--key-type', 'rsa-3072', '--out-key', out.key, '--out-csr', out.csr, '--password-file', passwordFile]);
  assert.equal(result.code, 0, result.stderr);
  const verified = await run(openssl, ['req', '-in', out.csr, '-verify', '-noout', '-subject', '-nameopt', 'RFC2253']);
  assert.match(verified.stderr + verified.stdout, /verify OK/);
  assert.match(verified.stdout, /subject=CN=islm,OU=Basis,O=Example AG,C=DE/);
  const key = await run(openssl, ['pkey', '-in', out.key, '-passin', `file:${passwordFile}`, '-noout', '-text']);
  assert.match(key.stdout, /Private-Key: \(3072 bit/);
});

test('csr cli json output', async () => {
  const out = paths();
  const result = await runCli(['cert', 'csr', '--cn', 'islm', '--out-key', out.key, '--out-csr', out.csr, '--password-env', 'CSR_PW', '--json'], { env: { CSR_PW: password } });
  assert.equal(result.code, 0, result.stderr);
  const document = JSON.parse(result.stdout);
  assert.equal(document.ok, true);
  assert.equal(document.keyEncrypted, true);
  assert.equal(document.keyFileMode, '0600');
  assert.equal(document.subject, 'CN=islm');
  assert.equal(document.keyType, 'rsa-2048');
  assert.equal(document.signatureAlgorithm, 'sha256WithRSAEncryption');
  assert.match(document.publicKeySha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.equal(Buffer.from(document.attributesCsr, 'base64').toString('utf8'), await readFile(out.csr, 'utf8'));
  assertNoSecrets(result.stdout);
  assertNoSecrets(result.stderr);
});

test('csr cli ec key warns', async () => {
  const out = paths();
  const result = await runCli(['cert', 'csr', '--cn', 'islm', '--key-type', 'ec-p256', '--out-key', out.key, '--out-csr', out.csr, '--password-file', passwordFile]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: ec-p256 makes an ECDSA key\. Older CommonCryptoLib/);
  assert.match(result.stdout, /ECDSA P-256/);
  assert.equal(createPrivateKey({ key: await readFile(out.key, 'utf8'), passphrase: password }).asymmetricKeyType, 'ec');
});

test('csr cli unencrypted on request', async () => {
  const out = paths();
  const result = await runCli(['cert', 'csr', '--cn', 'islm', '--no-encrypt-key', '--out-key', out.key, '--out-csr', out.csr]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: the private key in ".*" is NOT encrypted/);
  assert.match(await readFile(out.key, 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
  assert.equal((await stat(out.key)).mode & 0o777, 0o600);
  assertNoSecrets(result.stdout);
  assertNoSecrets(result.stderr);
});

test('csr cli missing password source', async () => {
  const out = paths();
  const result = await runCli(['cert', 'csr', '--cn', 'islm', '--out-key', out.key, '--out-csr', out.csr]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /the new private key ".*" is encrypted and no password was given \[ERR_PASSWORD_MISSING\]/);
  assert.match(result.stderr, /--no-encrypt-key/);
  assert.equal(existsSync(out.key), false);
  assert.equal(existsSync(out.csr), false);
});

test('csr cli bad password sources', async () => {
  const out = paths();
  const unset = await runCli(['cert', 'csr', '--cn', 'islm', '--out-key', out.key, '--out-csr', out.csr, '--password-env', 'NO_SUCH_CSR_VARIABLE'], {
    env: { NO_SUCH_CSR_VARIABLE: undefined },
  });
  assert.equal(unset.code, 2);
  assert.match(unset.stderr, /"NO_SUCH_CSR_VARIABLE" named by --password-env is not set/);

  const missingFile = await runCli(['cert', 'csr', '--cn', 'islm', '--out-key', out.key, '--out-csr', out.csr, '--password-file', join(folder, 'nope.txt')]);
  assert.equal(missingFile.code, 2);
  assert.match(missingFile.stderr, /cannot read the password file/);

  const emptyFile = join(folder, 'empty.txt');
  await writeFile(emptyFile, '\n');
  const empty = await runCli(['cert', 'csr', '--cn', 'islm', '--out-key', out.key, '--out-csr', out.csr, '--password-file', emptyFile]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /password for the new private key is empty/);

  const both = await runCli(['cert', 'csr', '--cn', 'islm', '--no-encrypt-key', '--password-file', passwordFile, '--out-key', out.key, '--out-csr', out.csr]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--no-encrypt-key cannot be combined/);
  assert.equal(existsSync(out.key), false);
  assert.equal(existsSync(out.csr), false);
});

test('csr cli rejects bad names', async () => {
  const out = paths();
  const long = await runCli(['cert', 'csr', '--cn', 'x'.repeat(65), '--out-key', out.key, '--out-csr', out.csr, '--password-file', passwordFile]);
  assert.equal(long.code, 2);
  assert.match(long.stderr, /invalid --cn ".*": it has 65 characters; at most 64 are allowed \[ERR_CSR_COMMON_NAME_INVALID\]/);
  const empty = await runCli(['cert', 'csr', '--cn', '', '--out-key', out.key, '--out-csr', out.csr, '--password-file', passwordFile]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /invalid --cn "": it is empty/);
  const subject = await runCli(['cert', 'csr', '--subject', 'CN=a O=b', '--out-key', out.key, '--out-csr', out.csr, '--password-file', passwordFile]);
  assert.equal(subject.code, 2);
  assert.match(subject.stderr, /ERR_CSR_SUBJECT_INVALID/);
  const san = await runCli(['cert', 'csr', '--cn', 'a', '--san', 'host.example', '--out-key', out.key, '--out-csr', out.csr, '--password-file', passwordFile]);
  assert.equal(san.code, 2);
  assert.match(san.stderr, /ERR_CSR_SAN_INVALID/);
  assert.equal(existsSync(out.key), false);
});

test('csr cli usage errors', async () => {
  const out = paths();
  const keyType = await runCli(['cert', 'csr', '--cn', 'a', '--key-type', 'rsa-1024', '--out-key', out.key, '--out-csr', out.csr]);
  assert.equal(keyType.code, 2);
  assert.match(keyType.stderr, /'rsa-1024' is invalid/);
  const noCsr = await runCli(['cert', 'csr', '--cn', 'a', '--out-key', out.key]);
  assert.equal(noCsr.code, 2);
  assert.match(noCsr.stderr, /--out-csr <file>/);
  const same = await runCli(['cert', 'csr', '--cn', 'a', '--out-key', out.key, '--out-csr', out.key, '--password-file', passwordFile]);
  assert.equal(same.code, 2);
  assert.match(same.stderr, /name the same file/);
});

test('csr cli never overwrites without force', async () => {
  const out = paths();
  await writeFile(out.key, 'old key');
  const rejected = await runCli(['cert', 'csr', '--cn', 'a', '--out-key', out.key, '--out-csr', out.csr, '--password-file', passwordFile]);
  assert.equal(rejected.code, 1);
  assert.match(rejected.stderr, /already exists \[ERR_FILE_EXISTS\]/);
  assert.equal(await readFile(out.key, 'utf8'), 'old key');
  assert.equal(existsSync(out.csr), false);

  const forced = await runCli(['cert', 'csr', '--cn', 'a', '--out-key', out.key, '--out-csr', out.csr, '--password-file', passwordFile, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(await readFile(out.key, 'utf8'), /ENCRYPTED PRIVATE KEY/);
  assert.equal((await stat(out.key)).mode & 0o777, 0o600);
});

test('csr cli help', async () => {
  const result = await runCli(['cert', 'csr', '--help']);
  assert.equal(result.code, 0);
  const help = result.stdout.replace(/\s+/g, ' ');
  assert.match(help, /Older CommonCryptoLib builds .* fail on ECDSA keys/);
  assert.match(help, /--no-encrypt-key/);
  assert.match(help, /Attributes\.CSR is the base64 of the whole PEM file/);
  assert.match(help, /Exit codes: 0 success/);
});
