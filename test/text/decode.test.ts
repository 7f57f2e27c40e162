import assert from 'node:assert/strict';
import { test } from 'node:test';

import { decodeText } from '../../src/text/decode.ts';

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  if (!littleEndian) body.swap16();
  let prefix: number[] = [];
  if (bom) prefix = littleEndian ? [0xff, 0xfe] : [0xfe, 0xff];
  return new Uint8Array([...prefix, ...body]);
}

test('decodeText plain UTF-8 without repairs', () => {
  const decoded = decodeText(new TextEncoder().encode(pem));
  assert.equal(decoded?.text, pem);
  assert.deepEqual(decoded?.repairs, []);
});

test('decodeText removes UTF-8 BOM', () => {
  const decoded = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(pem)]));
  assert.equal(decoded?.text, pem);
  assert.deepEqual(decoded?.repairs.map((repair) => repair.code), ['UTF8_BOM']);
});

test('decodeText UTF-16LE with BOM names PowerShell', () => {
  const decoded = decodeText(utf16(pem, true, true));
  assert.equal(decoded?.text, pem);
  assert.equal(decoded?.repairs[0]?.code, 'UTF16LE_BOM');
  assert.match(decoded?.repairs[0]?.message ?? '', /PowerShell 5\.1/);
});

test('decodeText UTF-16BE with BOM', () => {
  const decoded = decodeText(utf16(pem, false, true));
  assert.equal(decoded?.text, pem);
  assert.equal(decoded?.repairs[0]?.code, 'UTF16BE_BOM');
});

test('decodeText UTF-16LE without BOM', () => {
  const decoded = decodeText(utf16(pem, true, false));
  assert.equal(decoded?.text, pem);
  assert.equal(decoded?.repairs[0]?.code, 'UTF16LE');
});

test('decodeText rejects DER bytes as binary', () => {
  assert.equal(decodeText(new Uint8Array([0x30, 0x82, 0x01, 0x0a, 0x02, 0x01, 0x00])), undefined);
});

test('decodeText rejects invalid UTF-8', () => {
  assert.equal(decodeText(new Uint8Array([0x41, 0xc3, 0x28, 0x41])), undefined);
});
