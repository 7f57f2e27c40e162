import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';

import * as asn1js from 'asn1js';

import { writeJks } from '../../src/sandbox/index.ts';
import { createTestPki } from '../helpers/pki.ts';

function utf16be(text: string): Buffer {
  const buffer = Buffer.alloc(text.length * 2);
  for (let index = 0; index < text.length; index++) buffer.writeUInt16BE(text.charCodeAt(index), index * 2);
  return buffer;
}

test('JKS layout, digest and key protector', async () => {
  const pki = await createTestPki();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const chain = [pki.leaf, pki.intermediate, pki.root].map((issued) => new Uint8Array(issued.certificate.rawData));
  const date = new Date('2026-01-02T03:04:05Z');
  const password = 'pässword';
  const jks = writeJks({ alias: 'My-Key', privateKey, chain, date }, password);

  assert.equal(jks.readUInt32BE(0), 0xfeedfeed);
  assert.equal(jks.readUInt32BE(4), 2);
  assert.equal(jks.readUInt32BE(8), 1);
  assert.equal(jks.readUInt32BE(12), 1, 'PrivateKeyEntry tag');
  const aliasLength = jks.readUInt16BE(16);
  assert.equal(jks.subarray(18, 18 + aliasLength).toString('utf8'), 'my-key', 'aliases are stored in lower case');
  let offset = 18 + aliasLength;
  assert.equal(Number(jks.readBigUInt64BE(offset)), date.getTime());
  offset += 8;

  const keyLength = jks.readUInt32BE(offset);
  const protectedKey = jks.subarray(offset + 4, offset + 4 + keyLength);
  offset += 4 + keyLength;
  const parsed = asn1js.fromBER(new Uint8Array(protectedKey));
  const sequence = parsed.result as asn1js.Sequence;
  const algorithm = (sequence.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier;
  assert.equal(algorithm.valueBlock.toString(), '1.3.6.1.4.1.42.2.17.1.1');
  const encrypted = Buffer.from((sequence.valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView);

  const salt = encrypted.subarray(0, 20);
  const body = encrypted.subarray(20, encrypted.length - 20);
  const check = encrypted.subarray(encrypted.length - 20);
  const passwordBytes = utf16be(password);
  const plain = Buffer.alloc(body.length);
  let block: Buffer = salt;
  for (let position = 0; position < body.length; position += 20) {
    block = createHash('sha1').update(passwordBytes).update(block).digest();
    for (let index = 0; index < 20 && position + index < body.length; index++) plain[position + index] = body[position + index]! ^ block[index]!;
  }
  assert.deepEqual(plain, privateKey.export({ type: 'pkcs8', format: 'der' }));
  assert.deepEqual(check, createHash('sha1').update(passwordBytes).update(plain).digest());

  assert.equal(jks.readUInt32BE(offset), 3, 'chain length');
  offset += 4;
  for (const certificate of chain) {
    const typeLength = jks.readUInt16BE(offset);
    assert.equal(jks.subarray(offset + 2, offset + 2 + typeLength).toString('utf8'), 'X.509');
    offset += 2 + typeLength;
    const length = jks.readUInt32BE(offset);
    assert.deepEqual(new Uint8Array(jks.subarray(offset + 4, offset + 4 + length)), certificate);
    offset += 4 + length;
  }

  const digest = createHash('sha1').update(passwordBytes).update(Buffer.from('Mighty Aphrodite')).update(jks.subarray(0, offset)).digest();
  assert.deepEqual(jks.subarray(offset), digest);
});
