import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { AicoreMtlsError } from '../../src/errors.ts';
import { fixedPassword } from '../../src/password.ts';
import { maxIterations, maxTotalIterations, WorkBudget } from '../../src/pkcs12/limits.ts';
import { looksLikePkcs12, readPkcs12, writePkcs12, type Pkcs12Contents } from '../../src/pkcs12/index.ts';
import { bmpPassword } from '../../src/pkcs12/password-encoding.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { toBer } from './ber-convert.ts';
import { chainDer, opensslAvailable, opensslLegacyAvailable, run, writePasswordFile } from './external-tools.ts';
import { withoutMac } from './pfx-surgery.ts';

const password = 'robust-ä';
const folder = await createTempDir();
let pki: TestPki;

before(async () => {
  pki = await createTestPki();
});

/** mulberry32: a small seeded generator, so every run feeds the same bytes. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Reads `bytes` and returns 'ok' or the error code; fails the test on any error that is not an
 * AicoreMtlsError with an ERR_ code.
 */
async function outcome(bytes: Uint8Array, label: string): Promise<string> {
  try {
    await readPkcs12(bytes, fixedPassword(password), { source: label });
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof AicoreMtlsError, `${label}: ${String(error)} is not an AicoreMtlsError`);
    assert.match(error.code, /^ERR_/, `${label}: code ${error.code}`);
    return error.code;
  }
}

function tally(codes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

test('truncated file every prefix', { timeout: 120_000 }, async () => {
  const bytes = writePkcs12({ certificates: chainDer(pki).slice(0, 1), password, profile: 'strust' });
  const codes: string[] = [];
  for (let length = 0; length < bytes.length; length++) codes.push(await outcome(bytes.subarray(0, length), `prefix ${length}`));
  assert.equal(codes.length, bytes.length);
  assert.ok(!codes.includes('ok'), 'no prefix reads as a complete file');
  assert.deepEqual(Object.keys(tally(codes)), ['ERR_PKCS12_FORMAT']);
});

test('truncated full file sampled', { timeout: 120_000 }, async () => {
  const bytes = writePkcs12({ privateKey: pki.leaf.privateKey, certificates: chainDer(pki), password, profile: 'modern', iterations: 2048 });
  const codes: string[] = [];
  for (let length = 0; length < bytes.length; length += 7) codes.push(await outcome(bytes.subarray(0, length), `prefix ${length}`));
  assert.ok(!codes.includes('ok'));
});

for (const variant of ['with MAC', 'without MAC'] as const) {
  test(`bit flips ${variant}`, { timeout: 120_000 }, async () => {
    const written = writePkcs12({ privateKey: pki.leaf.privateKey, certificates: chainDer(pki), password, profile: 'strust' });
    const bytes = variant === 'with MAC' ? written : withoutMac(written);
    const random = seededRandom(variant === 'with MAC' ? 1 : 2);
    const codes: string[] = [];
    for (let flip = 0; flip < 300; flip++) {
      const position = Math.floor(random() * bytes.length);
      const bit = Math.floor(random() * 8);
      const damaged = Buffer.from(bytes);
      damaged[position]! ^= 1 << bit;
      codes.push(await outcome(damaged, `flip byte ${position} bit ${bit}`));
    }
    const counts = tally(codes);
    if (variant === 'with MAC') {
      // The MAC covers the authSafe, and every byte outside it is a header, the MAC or its parameters.
      assert.equal(counts.ok, undefined, `damaged files were accepted: ${JSON.stringify(counts)}`);
    } else {
      // Without a MAC, a flip inside a certificate signature or key bytes goes unnoticed; only the error types are checked.
      assert.ok(Object.keys(counts).length > 1, `flips produced ${JSON.stringify(counts)}`);
    }
  });
}

test('random bytes', { timeout: 120_000 }, async () => {
  const random = seededRandom(3);
  for (let sample = 0; sample < 300; sample++) {
    const bytes = Buffer.alloc(Math.floor(random() * 2000));
    for (let index = 0; index < bytes.length; index++) bytes[index] = Math.floor(random() * 256);
    assert.notEqual(await outcome(bytes, `random sample ${sample}`), 'ok');
  }
});

test('random bytes after PFX header', { timeout: 120_000 }, async () => {
  // SEQUENCE { INTEGER 3, SEQUENCE { OID data, [0] { OCTET STRING … } } } followed by random content.
  const random = seededRandom(4);
  for (let sample = 0; sample < 300; sample++) {
    const body = Buffer.alloc(50 + Math.floor(random() * 400));
    for (let index = 0; index < body.length; index++) body[index] = Math.floor(random() * 256);
    const octetString = Buffer.concat([Buffer.from([0x04, 0x82, body.length >> 8, body.length & 0xff]), body]);
    const wrapper = Buffer.concat([Buffer.from([0xa0, 0x82, octetString.length >> 8, octetString.length & 0xff]), octetString]);
    const contentInfo = Buffer.concat([Buffer.from([0x30, 0x82, (wrapper.length + 11) >> 8, (wrapper.length + 11) & 0xff]), Buffer.from('06092a864886f70d010701', 'hex'), wrapper]);
    const inner = Buffer.concat([Buffer.from('020103', 'hex'), contentInfo]);
    const pfx = Buffer.concat([Buffer.from([0x30, 0x82, inner.length >> 8, inner.length & 0xff]), inner]);
    assert.ok(looksLikePkcs12(pfx), 'the sample passes the sniff');
    assert.notEqual(await outcome(pfx, `header sample ${sample}`), 'ok');
  }
});

test('trailing zero bytes give a warning', async () => {
  const bytes = writePkcs12({ certificates: chainDer(pki), password, profile: 'strust' });
  const contents = await readPkcs12(Buffer.concat([bytes, Buffer.alloc(3)]), fixedPassword(password));
  assert.deepEqual(contents.warnings, ['3 zero bytes after the end of the PKCS#12 structure were ignored']);
});

test('trailing data is rejected', async () => {
  const bytes = writePkcs12({ certificates: chainDer(pki), password, profile: 'strust' });
  await assert.rejects(readPkcs12(Buffer.concat([bytes, Buffer.from('garbage')]), fixedPassword(password), { source: 'long.p12' }), {
    code: 'ERR_PKCS12_FORMAT',
    message: '"long.p12" is not a valid PKCS#12 file: the PFX is followed by 7 unexpected bytes',
  });
});

test('shortened outer length is rejected', async () => {
  // Cutting the PFX length so that macData falls outside must not turn the file into one without a MAC.
  const bytes = Buffer.from(writePkcs12({ certificates: chainDer(pki), password, profile: 'strust' }));
  assert.equal(bytes[1], 0x82, 'two-byte outer length');
  // The strust MAC is HMAC-SHA1 with an 8-byte salt: macData is 0x30 0x31 plus 49 bytes.
  const macDataLength = 51;
  assert.equal(bytes[bytes.length - macDataLength], 0x30, 'macData starts where expected');
  const shortened = Buffer.from(bytes);
  shortened.writeUInt16BE(bytes.readUInt16BE(2) - macDataLength, 2);
  await assert.rejects(readPkcs12(shortened, fixedPassword(password)), {
    code: 'ERR_PKCS12_FORMAT',
    message: /the PFX is followed by 51 unexpected bytes/,
  });
});

test('work budget caps total iterations', () => {
  const budget = new WorkBudget('budget.p12');
  const charges = Math.floor(maxTotalIterations / maxIterations);
  for (let index = 0; index < charges; index++) budget.charge(maxIterations, `part ${index}`);
  assert.throws(() => budget.charge(1, 'one more'), { code: 'ERR_PKCS12_ITERATIONS_TOO_HIGH' });
});

function sameContents(actual: Pkcs12Contents, expected: Pkcs12Contents): void {
  assert.deepEqual(
    actual.certificates.map((certificate) => Buffer.from(certificate.der).toString('hex')),
    expected.certificates.map((certificate) => Buffer.from(certificate.der).toString('hex')),
  );
  assert.equal(actual.keys.length, expected.keys.length);
  assert.ok(actual.keys[0]!.privateKey.equals(expected.keys[0]!.privateKey), 'same private key');
  assert.deepEqual(actual.algorithms, expected.algorithms);
}

for (const profile of ['strust', 'modern', 'legacy-rc2'] as const) {
  test(`BER input ${profile}`, async (t) => {
    const der = writePkcs12({ privateKey: pki.leaf.privateKey, certificates: chainDer(pki), friendlyName: 'ber', password, profile });
    const ber = toBer(der, bmpPassword(password));
    assert.equal(ber[1], 0x80, 'the outer SEQUENCE has an indefinite length');
    assert.ok(looksLikePkcs12(ber), 'the sniff accepts BER');
    const fromBer = await readPkcs12(ber, fixedPassword(password), { source: 'ber.p12' });
    sameContents(fromBer, await readPkcs12(der, fixedPassword(password)));
    assert.equal(fromBer.keys[0]!.friendlyName, 'ber');

    // openssl accepting the converted file shows that it is valid BER with a correct MAC.
    if (!opensslAvailable) return t.skip('openssl not installed');
    if (profile === 'legacy-rc2' && !opensslLegacyAvailable) return t.skip('openssl legacy provider not installed');
    const file = join(folder, `${profile}-ber.p12`);
    await writeFile(file, ber);
    const passwordFile = await writePasswordFile(folder, `${profile}-ber.txt`, password);
    const legacy = profile === 'legacy-rc2' ? ['-legacy'] : [];
    const { stdout } = await run('openssl', ['pkcs12', ...legacy, '-info', '-nodes', '-in', file, '-passin', `file:${passwordFile}`]);
    assert.equal(stdout.match(/-----BEGIN CERTIFICATE-----/g)?.length, 3);
  });
}

test('looksLikePkcs12 accepts written files', () => {
  for (const profile of ['strust', 'modern', 'legacy-rc2'] as const) {
    assert.ok(looksLikePkcs12(writePkcs12({ certificates: chainDer(pki), password, profile })), profile);
  }
});

test('looksLikePkcs12 rejects other formats', () => {
  assert.equal(looksLikePkcs12(new Uint8Array(0)), false, 'empty');
  assert.equal(looksLikePkcs12(Buffer.from(pki.leaf.certificatePem)), false, 'PEM');
  assert.equal(looksLikePkcs12(chainDer(pki)[0]!), false, 'DER certificate');
  assert.equal(looksLikePkcs12(Buffer.from('3003020103', 'hex')), false, 'truncated PFX');
  assert.equal(looksLikePkcs12(Buffer.from('30820100020102300f06092a864886f70d010701', 'hex')), false, 'version 2');
});
