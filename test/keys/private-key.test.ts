import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { test } from 'node:test';

import { AicoreMtlsError } from '../../src/errors.ts';
import { classifyDerKey, readPrivateKeyBlock, readPrivateKeyDer } from '../../src/keys/private-key.ts';
import type { PasswordProvider } from '../../src/password.ts';
import { parsePem } from '../../src/text/pem.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

const password = 'correct horse battery staple 7';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const hasOpenssl = existsSync('/usr/bin/openssl');

interface CountingProvider {
  provider: PasswordProvider;
  calls: () => number;
}

function counting(value: string | undefined): CountingProvider {
  let calls = 0;
  return {
    provider: async () => {
      calls += 1;
      return value;
    },
    calls: () => calls,
  };
}

async function readPem(pem: string, value: string | undefined) {
  const [block] = parsePem(pem, 'key.pem').blocks;
  return readPrivateKeyBlock(block!, { origin: 'key.pem', passwords: counting(value).provider });
}

async function errorCode(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (error) {
    assert.ok(error instanceof AicoreMtlsError, `expected AicoreMtlsError, got ${String(error)}`);
    return error.code;
  }
  assert.fail('expected an error');
}

function sameKey(left: KeyObject, right: KeyObject): boolean {
  return left.export({ type: 'pkcs8', format: 'der' }).equals(right.export({ type: 'pkcs8', format: 'der' }));
}

const plainCases = [
  { name: 'PKCS#1 RSA', pem: () => rsa.export({ type: 'pkcs1', format: 'pem' }) as string, key: rsa, encoding: 'pkcs1' },
  { name: 'PKCS#8 RSA', pem: () => rsa.export({ type: 'pkcs8', format: 'pem' }) as string, key: rsa, encoding: 'pkcs8' },
  { name: 'PKCS#8 EC', pem: () => ec.export({ type: 'pkcs8', format: 'pem' }) as string, key: ec, encoding: 'pkcs8' },
  { name: 'SEC1 EC', pem: () => ec.export({ type: 'sec1', format: 'pem' }) as string, key: ec, encoding: 'sec1' },
] as const;

for (const entry of plainCases) {
  test(`readPrivateKeyBlock plain ${entry.name}`, async () => {
    const passwords = counting(undefined);
    const [block] = parsePem(entry.pem(), 'key.pem').blocks;
    const key = await readPrivateKeyBlock(block!, { origin: 'key.pem', passwords: passwords.provider });
    assert.equal(key.encoding, entry.encoding);
    assert.ok(sameKey(key.keyObject, entry.key));
    assert.equal(passwords.calls(), 0);
    assert.deepEqual(key.warnings, []);
  });
}

const encryptedCases = [
  { name: 'PKCS#8 AES-256 RSA', pem: () => rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string, key: rsa, encoding: 'encrypted-pkcs8', protection: /PBES2 \(PBKDF2 with hmacWithSHA256, 2048 iterations, aes-256-cbc\)/ },
  { name: 'PKCS#8 3DES EC', pem: () => ec.export({ type: 'pkcs8', format: 'pem', cipher: 'des-ede3-cbc', passphrase: password }) as string, key: ec, encoding: 'encrypted-pkcs8', protection: /des-ede3-cbc/ },
  { name: 'traditional DES-EDE3 RSA', pem: () => rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'des-ede3-cbc', passphrase: password }) as string, key: rsa, encoding: 'traditional-encrypted', protection: /DES-EDE3-CBC/ },
  { name: 'traditional AES-128 RSA', pem: () => rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: password }) as string, key: rsa, encoding: 'traditional-encrypted', protection: /AES-128-CBC/ },
  { name: 'traditional AES-256 RSA', pem: () => rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string, key: rsa, encoding: 'traditional-encrypted', protection: /AES-256-CBC/ },
  { name: 'traditional AES-256 EC', pem: () => ec.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string, key: ec, encoding: 'traditional-encrypted', protection: /AES-256-CBC/ },
] as const;

for (const entry of encryptedCases) {
  test(`readPrivateKeyBlock decrypts ${entry.name}`, async () => {
    const key = await readPem(entry.pem(), password);
    assert.equal(key.encoding, entry.encoding);
    assert.match(key.protection ?? '', entry.protection);
    assert.ok(sameKey(key.keyObject, entry.key));
  });

  test(`readPrivateKeyBlock missing password ${entry.name}`, async () => {
    assert.equal(await errorCode(readPem(entry.pem(), undefined)), 'ERR_PASSWORD_MISSING');
  });

  test(`readPrivateKeyBlock wrong password ${entry.name}`, async () => {
    assert.equal(await errorCode(readPem(entry.pem(), 'wrong password 123')), 'ERR_PASSWORD_INCORRECT');
  });
}

test('traditional encryption warns about MD5', async () => {
  const key = await readPem(rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string, password);
  assert.equal(key.warnings.length, 1);
  assert.match(key.warnings[0]!, /MD5/);
  assert.match(key.warnings[0]!, /cert convert --to pem/);
});

test('PKCS#8 3DES warns about 3DES', async () => {
  const key = await readPem(ec.export({ type: 'pkcs8', format: 'pem', cipher: 'des-ede3-cbc', passphrase: password }) as string, password);
  assert.match(key.warnings.join('\n'), /3DES/);
});

test('missing password names the file', async () => {
  const pem = rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string;
  await assert.rejects(readPem(pem, undefined), (error: AicoreMtlsError) => {
    assert.match(error.message, /the private key in key\.pem is encrypted and no password was given/);
    assert.match(error.fix ?? '', /--password-file/);
    return true;
  });
});

test('wrong password message never contains it', async () => {
  const pem = rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string;
  await assert.rejects(readPem(pem, 'not-the-password-42'), (error: AicoreMtlsError) => {
    assert.doesNotMatch(`${error.message} ${error.fix} ${JSON.stringify(error.details)}`, /not-the-password-42/);
    return true;
  });
});

test('DES-CBC traditional key is unsupported without prompt', async () => {
  const body = Buffer.alloc(64, 7).toString('base64');
  const pem = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-CBC,0011223344556677\n\n${body}\n-----END RSA PRIVATE KEY-----\n`;
  const passwords = counting(password);
  const [block] = parsePem(pem, 'key.pem').blocks;
  const code = await errorCode(readPrivateKeyBlock(block!, { origin: 'key.pem', passwords: passwords.provider }));
  assert.equal(code, 'ERR_KEY_ENCRYPTION_UNSUPPORTED');
  assert.equal(passwords.calls(), 0);
});

test('damaged plain key is ERR_KEY_INVALID', async () => {
  const pem = `-----BEGIN PRIVATE KEY-----\n${Buffer.alloc(48, 1).toString('base64')}\n-----END PRIVATE KEY-----\n`;
  assert.equal(await errorCode(readPem(pem, undefined)), 'ERR_KEY_INVALID');
});

test('unknown key label is rejected', async () => {
  const pem = `-----BEGIN FOO PRIVATE KEY-----\n${Buffer.alloc(48, 1).toString('base64')}\n-----END FOO PRIVATE KEY-----\n`;
  assert.equal(await errorCode(readPem(pem, undefined)), 'ERR_KEY_UNSUPPORTED');
});

const derCases = [
  { name: 'PKCS#8', der: () => rsa.export({ type: 'pkcs8', format: 'der' }), kind: 'pkcs8', key: rsa },
  { name: 'PKCS#1', der: () => rsa.export({ type: 'pkcs1', format: 'der' }), kind: 'pkcs1', key: rsa },
  { name: 'SEC1', der: () => ec.export({ type: 'sec1', format: 'der' }), kind: 'sec1', key: ec },
  { name: 'EC PKCS#8', der: () => ec.export({ type: 'pkcs8', format: 'der' }), kind: 'pkcs8', key: ec },
  { name: 'encrypted PKCS#8', der: () => rsa.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: password }), kind: 'encrypted-pkcs8', key: rsa },
] as const;

for (const entry of derCases) {
  test(`classifyDerKey and read DER ${entry.name}`, async () => {
    const der = new Uint8Array(entry.der());
    assert.equal(classifyDerKey(der), entry.kind);
    const key = await readPrivateKeyDer(der, entry.kind, { origin: 'key.der', passwords: counting(password).provider });
    assert.ok(sameKey(key.keyObject, entry.key));
  });
}

test('classifyDerKey rejects non-keys', () => {
  assert.equal(classifyDerKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05])), undefined);
  assert.equal(classifyDerKey(new Uint8Array([0x04, 0x00])), undefined);
});

test('openssl PBE-SHA1-3DES PKCS#8 is read', { skip: !hasOpenssl && 'openssl not installed' }, async () => {
  const folder = await createTempDir();
  const plain = join(folder, 'plain.pem');
  await writeFile(plain, rsa.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(folder, 'pass.txt'), password);
  const pem = execFileSync('openssl', ['pkcs8', '-topk8', '-v1', 'PBE-SHA1-3DES', '-in', plain, '-passout', `file:${join(folder, 'pass.txt')}`], { encoding: 'utf8' });
  const key = await readPem(pem, password);
  assert.equal(key.encoding, 'encrypted-pkcs8');
  assert.match(key.protection ?? '', /pbeWithSHAAnd3-KeyTripleDES-CBC/);
  assert.ok(sameKey(key.keyObject, rsa));
});
