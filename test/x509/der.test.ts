import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DerError, decodeOid, decodeTime, derChildren, readDer, readDerExact, toHex } from '../../src/x509/der.ts';

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

test('readDer short and long lengths', () => {
  const short = readDer(bytes(0x04, 0x02, 0xaa, 0xbb));
  assert.deepEqual([...short.contents], [0xaa, 0xbb]);
  const long = readDer(new Uint8Array([0x04, 0x81, 0x80, ...new Array(128).fill(1)]));
  assert.equal(long.contents.length, 128);
  assert.equal(long.end, 131);
});

test('readDer rejects indefinite length', () => {
  assert.throws(() => readDer(bytes(0x30, 0x80, 0x00, 0x00)), DerError);
});

test('readDer rejects truncated element', () => {
  assert.throws(() => readDer(bytes(0x30, 0x05, 0x02, 0x01)), /truncated/);
});

test('readDerExact rejects trailing bytes', () => {
  assert.throws(() => readDerExact(bytes(0x05, 0x00, 0x00)), /1 bytes after the end/);
});

test('derChildren of a SEQUENCE', () => {
  const children = derChildren(readDer(bytes(0x30, 0x05, 0x02, 0x01, 0x03, 0x05, 0x00)));
  assert.deepEqual(children.map((child) => child.tag), [0x02, 0x05]);
});

test('decodeOid known identifiers', () => {
  assert.equal(decodeOid(bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b)), '1.2.840.113549.1.1.11');
  assert.equal(decodeOid(bytes(0x55, 0x04, 0x03)), '2.5.4.3');
  assert.equal(decodeOid(bytes(0x88, 0x37, 0x01)), '2.999.1');
});

test('decodeOid rejects truncated identifier', () => {
  assert.throws(() => decodeOid(bytes(0x2a, 0x86)), DerError);
});

test('decodeTime UTCTime century window', () => {
  const time = (text: string, tag = 0x17) => decodeTime(readDer(new Uint8Array([tag, text.length, ...Buffer.from(text)])));
  assert.equal(time('491231235959Z').toISOString(), '2049-12-31T23:59:59.000Z');
  assert.equal(time('500101000000Z').toISOString(), '1950-01-01T00:00:00.000Z');
  assert.equal(time('20500101000000Z', 0x18).toISOString(), '2050-01-01T00:00:00.000Z');
  assert.throws(() => time('2050-01-01', 0x18), DerError);
});

test('toHex with separator', () => {
  assert.equal(toHex(bytes(0x0a, 0xff), ':'), '0A:FF');
});
