import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

import { encodePrivateKeyPem } from '../../src/csr/private-key-pem.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const openssl = '/usr/bin/openssl';
const hasOpenssl = existsSync(openssl);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });

test('key pem encrypted with password', () => {
  const pem = encodePrivateKeyPem(privateKey, 'correct horse');
  assert.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
  const decrypted = createPrivateKey({ key: pem, passphrase: 'correct horse' });
  assert.ok(createPublicKey(decrypted).export({ type: 'spki', format: 'der' }).equals(spki));
});

test('key pem rejects wrong password', () => {
  const pem = encodePrivateKeyPem(privateKey, 'correct horse');
  assert.throws(() => createPrivateKey({ key: pem, passphrase: 'wrong horse' }));
  assert.throws(() => createPrivateKey({ key: pem }));
});

test('key pem unencrypted on request', () => {
  const pem = encodePrivateKeyPem(privateKey, undefined);
  assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
  assert.ok(createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' }).equals(spki));
});

test('key pem rejects empty password', () => {
  assert.throws(() => encodePrivateKeyPem(privateKey, ''), { code: 'ERR_USAGE', message: /password for the new private key is empty/ });
});

test('key pem algorithms per openssl', { skip: !hasOpenssl && 'no /usr/bin/openssl' }, async () => {
  const folder = await createTempDir();
  const path = join(folder, 'key.pem');
  await writeFile(path, encodePrivateKeyPem(privateKey, 'correct horse'));

  const structure = await run(openssl, ['asn1parse', '-in', path]);
  assert.match(structure.stdout, /:PBES2/);
  assert.match(structure.stdout, /:PBKDF2/);
  assert.match(structure.stdout, /:hmacWithSHA256/);
  assert.match(structure.stdout, /:aes-256-cbc/);

  const decrypted = await run(openssl, ['pkey', '-in', path, '-passin', 'pass:correct horse', '-pubout', '-outform', 'DER']);
  assert.ok(decrypted.stdout.length > 0);
  await assert.rejects(run(openssl, ['pkey', '-in', path, '-passin', 'pass:wrong horse', '-noout']));
});
