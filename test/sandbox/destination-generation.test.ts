import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import type { Sandbox } from '../../src/sandbox/index.ts';
import { x509 } from '../../src/x509/peculiar.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { destinationClient, pemBlocks } from './destination-helpers.ts';
import { startTestSandbox } from './helpers.ts';

let sandbox: Sandbox;
let destination: Awaited<ReturnType<typeof destinationClient>>;

before(async () => {
  sandbox = await startTestSandbox({ landscape: 'sandbox-eu10' });
  destination = await destinationClient(sandbox);
});

const hasTool = (tool: string) => spawnSync(tool, ['-help'], { stdio: 'ignore' }).error === undefined;

test('PEM generation layout and subject', async () => {
  const created = await destination.post({ Name: 'layout.pem', Attributes: { CN: 'aicore-mtls', Validity: { TimeUnit: 'MONTHS', Value: 3 } } });
  assert.equal(created.status, 201);
  assert.equal(created.text, '');
  const text = (await destination.content('layout.pem')).toString('utf8');
  assert.deepEqual(pemBlocks(text), ['PRIVATE KEY', 'CERTIFICATE', 'CERTIFICATE', 'CERTIFICATE']);

  const certificates = text.split(/(?=-----BEGIN CERTIFICATE-----)/).slice(1).map((pem) => new X509Certificate(pem));
  const [leaf, intermediate, root] = certificates as [X509Certificate, X509Certificate, X509Certificate];
  const subject = new x509.X509Certificate(leaf.raw);
  const subjectText = subject.subjectName.toString();
  assert.match(subjectText, /CN=aicore-mtls/);
  assert.match(subjectText, new RegExp(`L=destination-configuration\\.cfapps\\.sandbox-eu10\\.hana\\.ondemand\\.com/${String(sandbox.destinationServiceKey['tenantid'])}`));
  assert.match(subjectText, /OU=SAP Cloud Platform Clients/);
  assert.match(leaf.issuer, /CN=SAP Cloud Platform Client CA/);
  assert.match(leaf.issuer, /L=sandbox-eu10/);
  assert.match(intermediate.issuer, /CN=SAP Cloud Root CA/);
  assert.equal(root.subject, root.issuer);
  assert.ok(leaf.verify(intermediate.publicKey));
  assert.ok(intermediate.verify(root.publicKey));

  const key = createPrivateKey(text);
  assert.equal(key.asymmetricKeyType, 'rsa');
  assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  assert.ok(leaf.checkPrivateKey(key));
  const months = new Date(leaf.validTo).getUTCMonth() - new Date(leaf.validFrom).getUTCMonth();
  assert.equal((months + 12) % 12, 3);
});

test('PEM with Password encrypts key', async () => {
  await destination.post({ Name: 'encrypted.pem', Attributes: { CN: 'encrypted', Password: 'example-only' } });
  const text = (await destination.content('encrypted.pem')).toString('utf8');
  assert.equal(pemBlocks(text)[0], 'ENCRYPTED PRIVATE KEY');
  assert.throws(() => createPrivateKey(text));
  const key = createPrivateKey({ key: text, passphrase: 'example-only' });
  assert.equal(key.asymmetricKeyType, 'rsa');
});

test('PKCS#12 generation reads with openssl', async (t) => {
  const created = await destination.post({ Name: 'keystore.p12', Attributes: { CN: 'keystore', Password: 'example-only' } });
  assert.equal(created.status, 201);
  const bytes = await destination.content('keystore.p12');
  assert.equal(bytes[0], 0x30);
  if (!hasTool('openssl')) {
    t.skip('openssl not installed');
    return;
  }
  const dir = await createTempDir();
  const file = join(dir, 'keystore.p12');
  await writeFile(file, bytes);
  const result = spawnSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:example-only', '-nodes', '-info'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(pemBlocks(result.stdout).filter((block) => block === 'CERTIFICATE').length, 3);
  assert.equal(pemBlocks(result.stdout).filter((block) => block === 'PRIVATE KEY').length, 1);
  assert.match(result.stderr, /PBES2/);
});

test('JKS generation reads with keytool', async (t) => {
  const created = await destination.post({ Name: 'keystore.jks', Attributes: { CN: 'jks', Password: 'example-only' } });
  assert.equal(created.status, 201);
  const bytes = await destination.content('keystore.jks');
  assert.equal(bytes.readUInt32BE(0), 0xfeedfeed);
  if (spawnSync('keytool', ['-help'], { stdio: 'ignore' }).error !== undefined) {
    t.skip('keytool not installed');
    return;
  }
  const dir = await createTempDir();
  const file = join(dir, 'keystore.jks');
  await writeFile(file, bytes);
  const result = spawnSync('keytool', ['-list', '-v', '-keystore', file, '-storepass', 'example-only', '-storetype', 'JKS'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /Entry type: PrivateKeyEntry/);
  assert.match(result.stdout, /Certificate chain length: 3/);
});

test('CSR generation returns chain only', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = {
    privateKey: await crypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']),
    publicKey: await crypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']),
  };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=ignored', keys, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } });
  const created = await destination.post({ Name: 'from-csr.pem', Attributes: { CN: 'from-csr', CSR: Buffer.from(csr.toString('pem')).toString('base64') } });
  assert.equal(created.status, 201);
  const text = (await destination.content('from-csr.pem')).toString('utf8');
  assert.deepEqual(pemBlocks(text), ['CERTIFICATE', 'CERTIFICATE', 'CERTIFICATE']);
  const leaf = new X509Certificate(text);
  assert.ok(leaf.publicKey.equals(publicKey));
  assert.match(leaf.subject, /CN=from-csr/);
  assert.doesNotMatch(leaf.subject, /ignored/);
});

test('generation request is validated', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ Name: 'a.pem', Attributes: { CommonName: 'x' } }, /unknown attribute "CommonName"; the API field is CN/],
    [{ Name: 'a.pem', Attributes: { AutoRenew: true } }, /AutomaticRenew/],
    [{ Name: 'a.p12', Attributes: { CN: 'x' } }, /Password is required/],
    [{ Name: 'a.pem', Attributes: { Validity: { TimeUnit: 'WEEKS', Value: 1 } } }, /TimeUnit/],
    [{ Name: 'a.pem', Attributes: { Validity: { TimeUnit: 'DAYS', Value: 0 } } }, /Value/],
    [{ Name: 'a.txt', Attributes: { CN: 'x' } }, /extension/],
    [{ Name: 'a.p12', Attributes: { CN: 'x', Password: 'p', CSR: 'AAAA' } }, /only a PEM certificate/],
    [{ Name: 'a.pem', Attributes: { CN: 'x', CSR: Buffer.from('hello').toString('base64') } }, /CERTIFICATE REQUEST/],
  ];
  for (const [body, expected] of cases) {
    const result = await destination.post(body);
    assert.equal(result.status, 400, JSON.stringify(body));
    assert.match(result.text, /^Bad Request/);
    assert.match(result.text, expected);
  }
});

test('duplicate name answers 409', async () => {
  await destination.post({ Name: 'twice.pem', Attributes: { CN: 'twice' } });
  const plain = await destination.post({ Name: 'twice.pem', Attributes: { CN: 'twice' } });
  assert.equal(plain.status, 409);
  assert.equal(plain.text, 'Duplicate key');
  const withMetadata = await destination.post({ Name: 'twice.pem', Attributes: { CN: 'twice' } }, '?$includeMetadata=etag;modification_time');
  assert.equal(withMetadata.status, 409);
  assert.equal(withMetadata.json.ErrorMessage, 'Duplicate key');
  assert.equal(typeof withMetadata.json.$metadata.etag, 'string');
});

test('generated notBefore follows sandbox clock', async () => {
  sandbox.clock.advance(3 * 86_400_000);
  // The old token expired with the jump; tokens live 12 hours.
  destination = await destinationClient(sandbox);
  await destination.post({ Name: 'future.pem', Attributes: { CN: 'future', Validity: { TimeUnit: 'DAYS', Value: 10 } } });
  const leaf = new X509Certificate((await destination.content('future.pem')).toString('utf8').split(/(?=-----BEGIN CERTIFICATE-----)/)[1]!);
  assert.ok(Math.abs(Date.parse(leaf.validFrom) - sandbox.clock.now().getTime()) < 60_000);
  assert.equal((Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86_400_000, 10);
});
