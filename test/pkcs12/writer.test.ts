import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import tls from 'node:tls';

import { AicoreMtlsError } from '../../src/errors.ts';
import { fixedPassword } from '../../src/password.ts';
import { pkcs12ProfileDescriptions, pkcs12Profiles, readPkcs12, writePkcs12, type Pkcs12Profile, type Pkcs12WriteInput } from '../../src/pkcs12/index.ts';
import { issueCertificate } from '../../src/x509/certificate-authority.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { derViolations } from './der-check.ts';
import { chainDer, keytoolAvailable, opensslAvailable, opensslLegacyAvailable, run, writePasswordFile } from './external-tools.ts';

const password = 'pässwörd€';
let ecPki: TestPki;
let rsaPki: TestPki;
const folder = await createTempDir();
const passwordFile = await writePasswordFile(folder, 'password.txt', password);

before(async () => {
  [ecPki, rsaPki] = await Promise.all([createTestPki({ keyType: 'ec-p256' }), createTestPki({ keyType: 'rsa-2048' })]);
});

function publicDer(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('hex');
}

function write(pki: TestPki, profile: Pkcs12Profile, overrides: Partial<Pkcs12WriteInput> = {}): Uint8Array {
  return writePkcs12({ privateKey: pki.leaf.privateKey, certificates: chainDer(pki), friendlyName: 'client-cert', password, profile, ...overrides });
}

for (const profile of pkcs12Profiles) {
  for (const keyType of ['ec', 'rsa'] as const) {
    test(`round trip ${profile} ${keyType} key`, async () => {
      const pki = keyType === 'ec' ? ecPki : rsaPki;
      const bytes = write(pki, profile);
      const contents = await readPkcs12(bytes, fixedPassword(password), { source: `${profile}.p12` });

      assert.equal(contents.keys.length, 1);
      assert.equal(publicDer(contents.keys[0]!.privateKey), publicDer(pki.leaf.privateKey), 'same key');
      assert.deepEqual(
        contents.certificates.map((certificate) => Buffer.from(certificate.der).toString('hex')),
        chainDer(pki).map((der) => Buffer.from(der).toString('hex')),
        'certificates byte-identical and in order',
      );
      const localKeyId = createHash('sha1').update(chainDer(pki)[0]!).digest('hex');
      assert.equal(contents.keys[0]!.friendlyName, 'client-cert');
      assert.equal(Buffer.from(contents.keys[0]!.localKeyId!).toString('hex'), localKeyId);
      assert.equal(contents.certificates[0]!.friendlyName, 'client-cert');
      assert.equal(Buffer.from(contents.certificates[0]!.localKeyId!).toString('hex'), localKeyId);
      assert.equal(contents.certificates[1]!.friendlyName, undefined, 'intermediate has no friendlyName');
      assert.equal(contents.certificates[1]!.localKeyId, undefined, 'intermediate has no localKeyId');
      assert.equal(contents.algorithms.profile, profile);
    });
  }
}

test('writer strust algorithms and iterations', async () => {
  const contents = await readPkcs12(write(ecPki, 'strust'), fixedPassword(password));
  assert.deepEqual(contents.algorithms.mac, { digest: 'SHA-1', iterations: 2048, saltLength: 8 });
  assert.deepEqual(
    contents.algorithms.encryptions.map((entry) => [entry.part, entry.algorithm, entry.iterations, entry.weak]),
    [
      ['certificates', 'pbeWithSHAAnd3-KeyTripleDES-CBC', 2048, false],
      ['safe', 'none', undefined, false],
      ['key', 'pbeWithSHAAnd3-KeyTripleDES-CBC', 2048, false],
    ],
  );
  assert.deepEqual(contents.warnings, []);
});

test('writer modern algorithms and iterations', async () => {
  const contents = await readPkcs12(write(ecPki, 'modern'), fixedPassword(password));
  assert.deepEqual(contents.algorithms.mac, { digest: 'SHA-256', iterations: 10_000, saltLength: 16 });
  assert.deepEqual(
    contents.algorithms.encryptions.map((entry) => [entry.part, entry.algorithm, entry.oid, entry.iterations]),
    [
      ['certificates', 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC', '1.2.840.113549.1.5.13', 10_000],
      ['safe', 'none', '1.2.840.113549.1.7.1', undefined],
      ['key', 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC', '1.2.840.113549.1.5.13', 10_000],
    ],
  );
});

test('writer legacy-rc2 reports weak certificates', async () => {
  const contents = await readPkcs12(write(ecPki, 'legacy-rc2'), fixedPassword(password));
  assert.deepEqual(contents.algorithms.encryptions[0], {
    part: 'certificates',
    algorithm: 'pbeWithSHAAnd40BitRC2-CBC',
    oid: '1.2.840.113549.1.12.1.6',
    iterations: 2048,
    weak: true,
  });
  assert.equal(contents.algorithms.encryptions[2]!.algorithm, 'pbeWithSHAAnd3-KeyTripleDES-CBC');
  assert.ok(contents.warnings.some((warning) => /40-bit RC2/.test(warning)), 'weakness warning');
  assert.ok(contents.warnings.some((warning) => /legacy provider/.test(warning)), 'legacy provider warning');
});

test('writer custom iteration count', async () => {
  const contents = await readPkcs12(write(ecPki, 'modern', { iterations: 3000 }), fixedPassword(password));
  assert.equal(contents.algorithms.mac!.iterations, 3000);
  assert.deepEqual(
    contents.algorithms.encryptions.filter((entry) => entry.algorithm !== 'none').map((entry) => entry.iterations),
    [3000, 3000],
  );
});

for (const profile of pkcs12Profiles) {
  test(`writer ${profile} output is strict DER`, () => {
    assert.deepEqual(derViolations(write(rsaPki, profile)), []);
  });
}

test('writer certificates-only file', async () => {
  const bytes = writePkcs12({ certificates: chainDer(ecPki), friendlyName: 'ca-chain', password, profile: 'strust' });
  const contents = await readPkcs12(bytes, fixedPassword(password));
  assert.equal(contents.keys.length, 0);
  assert.equal(contents.certificates.length, 3);
  assert.equal(contents.certificates[0]!.friendlyName, 'ca-chain');
  assert.equal(contents.certificates[0]!.localKeyId, undefined);
  assert.deepEqual(
    contents.algorithms.encryptions.map((entry) => entry.part),
    ['certificates'],
  );
});

test('writer without friendlyName', async () => {
  const contents = await readPkcs12(write(ecPki, 'modern', { friendlyName: undefined }), fixedPassword(password));
  assert.equal(contents.keys[0]!.friendlyName, undefined);
  assert.equal(contents.keys[0]!.localKeyId?.length, 20);
});

test('writer empty password', async () => {
  const bytes = write(ecPki, 'strust', { password: '' });
  const withEmpty = await readPkcs12(bytes, fixedPassword(''));
  assert.equal(withEmpty.keys.length, 1);
  assert.deepEqual(withEmpty.warnings, []);
  const withoutPassword = await readPkcs12(bytes, fixedPassword(undefined));
  assert.equal(withoutPassword.keys.length, 1);
  assert.deepEqual(withoutPassword.warnings, ['no password was given; the file opened with the empty password']);
});

test('writer salts differ per file', () => {
  assert.notDeepEqual(write(ecPki, 'modern'), write(ecPki, 'modern'));
});

for (const profile of ['strust', 'modern'] as const) {
  test(`node tls loads ${profile}`, () => {
    assert.doesNotThrow(() => tls.createSecureContext({ pfx: Buffer.from(write(rsaPki, profile)), passphrase: password }));
  });

  test(`node tls handshake with ${profile}`, async () => {
    const server = await startClientAuthServer(rsaPki);
    try {
      const pfx = Buffer.from(write(rsaPki, profile));
      await connectWithPfx(server.port, rsaPki, pfx);
      const peer = await server.peer;
      assert.equal(peer.authorized, true, String(peer.authorizationError));
      assert.equal(peer.subjectCn, 'test-client');
    } finally {
      server.close();
    }
  });
}

test('node tls rejects legacy-rc2', (t) => {
  if (process.execArgv.includes('--openssl-legacy-provider')) return t.skip('the legacy provider is loaded');
  assert.throws(() => tls.createSecureContext({ pfx: Buffer.from(write(rsaPki, 'legacy-rc2')), passphrase: password }), /Unsupported PKCS12 PFX data/);
});

const opensslExpectations: Record<Pkcs12Profile, string[]> = {
  strust: [
    'MAC: sha1, Iteration 2048',
    'PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
    'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
  ],
  modern: [
    'MAC: sha256, Iteration 10000',
    'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
    'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
  ],
  'legacy-rc2': [
    'MAC: sha1, Iteration 2048',
    'PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC, Iteration 2048',
    'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
  ],
};

for (const profile of pkcs12Profiles) {
  test(`openssl reads ${profile}`, async (t) => {
    if (!opensslAvailable) return t.skip('openssl not installed');
    if (profile === 'legacy-rc2' && !opensslLegacyAvailable) return t.skip('openssl legacy provider not installed');
    const file = join(folder, `${profile}-openssl.p12`);
    await writeFile(file, write(rsaPki, profile));
    const legacy = profile === 'legacy-rc2' ? ['-legacy'] : [];
    const { stdout, stderr } = await run('openssl', ['pkcs12', ...legacy, '-info', '-nodes', '-in', file, '-passin', `file:${passwordFile}`]);

    const output = `${stdout}\n${stderr}`;
    for (const line of opensslExpectations[profile]) assert.ok(output.includes(line), `openssl output lacks "${line}"`);
    assert.equal(stdout.match(/-----BEGIN CERTIFICATE-----/g)?.length, 3, 'three certificates');
    assert.match(stdout, /friendlyName: client-cert/);
    const keyPem = stdout.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/)?.[0];
    assert.ok(keyPem, 'openssl printed the private key');
    assert.equal(publicDer(createPrivateKey(keyPem)), publicDer(rsaPki.leaf.privateKey), 'openssl decrypted the same key');
  });
}

test('openssl without -legacy rejects legacy-rc2', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  const file = join(folder, 'legacy-rc2-default-provider.p12');
  await writeFile(file, write(rsaPki, 'legacy-rc2'));
  await assert.rejects(run('openssl', ['pkcs12', '-info', '-nodes', '-in', file, '-passin', `file:${passwordFile}`]), /RC2-40-CBC|unsupported/i);
});

for (const profile of pkcs12Profiles) {
  test(`keytool lists ${profile}`, async (t) => {
    if (!keytoolAvailable) return t.skip('keytool not installed');
    // keytool 17 rejects non-ASCII PKCS#12 passwords ("Password is not ASCII"), so this file uses an ASCII one.
    const asciiPassword = 'changeit-keytool';
    const file = join(folder, `${profile}-keytool.p12`);
    await writeFile(file, write(rsaPki, profile, { password: asciiPassword }));
    const storePassword = await writePasswordFile(folder, `${profile}-keytool.txt`, asciiPassword);
    const { stdout } = await run('keytool', ['-list', '-v', '-storetype', 'PKCS12', '-keystore', file, '-storepass:file', storePassword]);
    assert.match(stdout, /Alias name: client-cert/);
    assert.match(stdout, /Entry type: PrivateKeyEntry/);
    assert.match(stdout, /Certificate chain length: 3/);
  });
}

const inputErrors: Array<{ name: string; input: () => Pkcs12WriteInput; code: string; message: RegExp }> = [
  {
    name: 'key of another certificate',
    input: () => ({ privateKey: rsaPki.leaf.privateKey, certificates: chainDer(ecPki), password, profile: 'strust' }),
    code: 'ERR_PKCS12_KEY_MISMATCH',
    message: /does not belong to the first certificate \(.*CN=test-client/,
  },
  {
    name: 'chain in wrong order',
    input: () => ({ privateKey: ecPki.leaf.privateKey, certificates: chainDer(ecPki).reverse(), password, profile: 'strust' }),
    code: 'ERR_PKCS12_KEY_MISMATCH',
    message: /CN=Test Root CA/,
  },
  {
    name: 'no certificates',
    input: () => ({ privateKey: ecPki.leaf.privateKey, certificates: [], password, profile: 'modern' }),
    code: 'ERR_PKCS12_NO_CERTIFICATE',
    message: /at least one certificate/,
  },
  {
    name: 'certificate not DER',
    input: () => ({ certificates: [Buffer.from(ecPki.leaf.certificatePem)], password, profile: 'modern' }),
    code: 'ERR_PKCS12_CERTIFICATE',
    message: /certificate 1 is not a DER X\.509 certificate/,
  },
  {
    name: 'public key',
    input: () => ({ privateKey: createPublicKey(ecPki.leaf.privateKey), certificates: chainDer(ecPki), password, profile: 'modern' }),
    code: 'ERR_PKCS12_KEY',
    message: /public key, not a private key/,
  },
  {
    name: 'zero iterations',
    input: () => ({ certificates: chainDer(ecPki), password, profile: 'modern', iterations: 0 }),
    code: 'ERR_PKCS12_ITERATIONS',
    message: /iteration count 0 is not an integer from 1 to 10000000/,
  },
  {
    name: 'fractional iterations',
    input: () => ({ certificates: chainDer(ecPki), password, profile: 'modern', iterations: 2.5 }),
    code: 'ERR_PKCS12_ITERATIONS',
    message: /2\.5/,
  },
  {
    name: 'too many iterations',
    input: () => ({ certificates: chainDer(ecPki), password, profile: 'modern', iterations: 10_000_001 }),
    code: 'ERR_PKCS12_ITERATIONS',
    message: /10000001/,
  },
  {
    name: 'password outside BMP',
    input: () => ({ certificates: chainDer(ecPki), password: 'secret🔑', profile: 'strust' }),
    code: 'ERR_PKCS12_PASSWORD_ENCODING',
    message: /Basic Multilingual Plane/,
  },
  {
    name: 'unknown profile',
    input: () => ({ certificates: chainDer(ecPki), password, profile: 'legacy-3des' as Pkcs12Profile }),
    code: 'ERR_PKCS12_PROFILE',
    message: /unknown PKCS#12 profile "legacy-3des"/,
  },
];

for (const { name, input, code, message } of inputErrors) {
  test(`writer rejects ${name}`, () => {
    assert.throws(
      () => writePkcs12(input()),
      (error: unknown) => {
        assert.ok(error instanceof AicoreMtlsError, `expected AicoreMtlsError, got ${String(error)}`);
        assert.equal(error.code, code);
        assert.match(error.message, message);
        assert.ok(error.fix, 'has a fix');
        return true;
      },
    );
  });
}

test('profile descriptions cover every profile', () => {
  assert.deepEqual(Object.keys(pkcs12ProfileDescriptions).sort(), [...pkcs12Profiles].sort());
  assert.match(pkcs12ProfileDescriptions.strust, /STRUST/);
  assert.match(pkcs12ProfileDescriptions['legacy-rc2'], /weak/);
});

interface PeerInfo {
  authorized: boolean;
  authorizationError: Error | null | undefined;
  subjectCn: string | string[] | undefined;
}

/** Starts a TLS server on 127.0.0.1 that requests a client certificate and records what it saw. */
async function startClientAuthServer(pki: TestPki): Promise<{ port: number; close: () => void; peer: Promise<PeerInfo> }> {
  const serverIdentity = await issueCertificate({ subject: 'CN=127.0.0.1', profile: 'server', issuer: pki.intermediate, ipAddresses: ['127.0.0.1'] });
  let recordPeer!: (peer: PeerInfo) => void;
  const peer = new Promise<PeerInfo>((resolve) => (recordPeer = resolve));
  const server = tls.createServer(
    {
      key: serverIdentity.privateKeyPem,
      cert: serverIdentity.certificatePem + pki.intermediate.certificatePem,
      ca: pki.root.certificatePem,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (socket) => {
      const certificate = socket.getPeerCertificate();
      recordPeer({ authorized: socket.authorized, authorizationError: socket.authorizationError, subjectCn: certificate.subject?.CN });
      socket.end('ok');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no port');
  return { port: address.port, close: () => server.close(), peer };
}

/** Connects with the PFX as the client identity, verifying the server against the test root. */
async function connectWithPfx(port: number, pki: TestPki, pfx: Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, pfx, passphrase: password, ca: pki.root.certificatePem }, () => {
      socket.resume();
      socket.on('end', resolve);
    });
    socket.on('error', reject);
  });
}
