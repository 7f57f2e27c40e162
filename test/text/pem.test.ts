import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';

import { AicoreMtlsError } from '../../src/errors.ts';
import { encodePem, parsePem } from '../../src/text/pem.ts';

const der = randomBytes(300);
const base64 = der.toString('base64');
const canonical = encodePem('CERTIFICATE', der);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof AicoreMtlsError, `expected AicoreMtlsError, got ${String(error)}`);
    return error.code;
  }
}

test('encodePem wraps at 64 columns', () => {
  const lines = canonical.trimEnd().split('\n');
  assert.equal(lines[0], '-----BEGIN CERTIFICATE-----');
  assert.equal(lines.at(-1), '-----END CERTIFICATE-----');
  assert.ok(lines.slice(1, -1).every((line) => line.length <= 64));
  assert.ok(canonical.endsWith('\n'));
});

test('parsePem canonical block', () => {
  const { blocks, repairs } = parsePem(canonical, 'x.pem');
  assert.equal(blocks.length, 1);
  assert.equal(blocks[0]!.label, 'CERTIFICATE');
  assert.deepEqual(Buffer.from(blocks[0]!.der), der);
  assert.deepEqual(repairs, []);
});

test('parsePem base64 on one line', () => {
  const { blocks, repairs } = parsePem(`-----BEGIN CERTIFICATE-----${base64}-----END CERTIFICATE-----`, 'x.pem');
  assert.deepEqual(Buffer.from(blocks[0]!.der), der);
  assert.deepEqual(repairs.map((repair) => repair.code), ['BASE64_LINE_BREAKS_LOST']);
});

test('parsePem spaces instead of line breaks', () => {
  const spaced = canonical.replace(/\n/g, ' ');
  const { blocks, repairs } = parsePem(spaced, 'x.pem');
  assert.deepEqual(Buffer.from(blocks[0]!.der), der);
  assert.deepEqual(repairs.map((repair) => repair.code), ['BASE64_SPACES']);
});

test('parsePem text around blocks', () => {
  const text = `Bag Attributes\n    localKeyId: 01 02\nsubject=CN=x\n${canonical}trailing words\n`;
  const { blocks, repairs } = parsePem(text, 'x.pem');
  assert.equal(blocks.length, 1);
  assert.deepEqual(repairs.map((repair) => repair.code), ['TEXT_AROUND_PEM']);
  assert.match(repairs[0]!.message, /4 lines/);
  assert.match(repairs[0]!.message, /openssl pkcs12/);
});

test('parsePem headers of encrypted key', () => {
  const text = encodePem('RSA PRIVATE KEY', der, { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00112233445566778899AABBCCDDEEFF' });
  const { blocks } = parsePem(text, 'k.pem');
  assert.equal(blocks[0]!.headers['Proc-Type'], '4,ENCRYPTED');
  assert.equal(blocks[0]!.headers['DEK-Info'], 'AES-256-CBC,00112233445566778899AABBCCDDEEFF');
  assert.deepEqual(Buffer.from(blocks[0]!.der), der);
});

test('parsePem headers on one line', () => {
  const text = encodePem('RSA PRIVATE KEY', der, { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'DES-EDE3-CBC,0011223344556677' }).replace(/\n/g, ' ');
  const { blocks } = parsePem(text, 'k.pem');
  assert.equal(blocks[0]!.headers['DEK-Info'], 'DES-EDE3-CBC,0011223344556677');
  assert.deepEqual(Buffer.from(blocks[0]!.der), der);
});

test('parsePem several blocks in order', () => {
  const second = randomBytes(40);
  const { blocks } = parsePem(canonical + encodePem('PRIVATE KEY', second), 'x.pem');
  assert.deepEqual(blocks.map((block) => block.label), ['CERTIFICATE', 'PRIVATE KEY']);
  assert.deepEqual(blocks.map((block) => block.position), [1, 2]);
});

test('parsePem missing END line', () => {
  assert.equal(codeOf(() => parsePem(canonical.replace('-----END CERTIFICATE-----', ''), 'x.pem')), 'ERR_PEM_TRUNCATED');
});

test('parsePem END without BEGIN', () => {
  assert.equal(codeOf(() => parsePem(canonical.replace('-----BEGIN CERTIFICATE-----', ''), 'x.pem')), 'ERR_PEM_TRUNCATED');
});

test('parsePem mismatched END label', () => {
  assert.equal(codeOf(() => parsePem(canonical.replace('END CERTIFICATE', 'END PRIVATE KEY'), 'x.pem')), 'ERR_PEM_MISMATCHED_END');
});

test('parsePem invalid base64 names block', () => {
  try {
    parsePem(canonical.replace(/\n[A-Za-z]/, '\n*'), 'x.pem');
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(error instanceof AicoreMtlsError);
    assert.equal(error.code, 'ERR_PEM_BASE64_INVALID');
    assert.match(error.message, /x\.pem: PEM block 1 \("CERTIFICATE"\)/);
    assert.match(error.message, /"\*"/);
  }
});

test('parsePem truncated base64 length', () => {
  assert.equal(base64.length % 4, 0);
  const cut = `-----BEGIN CERTIFICATE-----\n${base64.slice(0, -1)}\n-----END CERTIFICATE-----\n`;
  assert.equal(codeOf(() => parsePem(cut, 'x.pem')), 'ERR_PEM_BASE64_INVALID');
});

test('parsePem empty block', () => {
  assert.equal(codeOf(() => parsePem('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', 'x.pem')), 'ERR_PEM_EMPTY');
});
