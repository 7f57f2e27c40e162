import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { AicoreMtlsError } from '../../src/errors.ts';
import { readMaterial } from '../../src/material/index.ts';
import { fixedPassword } from '../../src/password.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import * as inputs from './inputs.ts';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

let pki: TestPki;
const formats: Record<string, () => Uint8Array> = {};

before(async () => {
  pki = await createTestPki({ keyType: 'rsa-2048' });
  const encryptedKey = pki.leaf.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'Robust-password-1' }) as string;
  const pem = pki.leaf.certificatePem + encryptedKey + pki.intermediate.certificatePem;
  formats.pem = () => inputs.bytesOf(pem);
  formats.der = () => inputs.derOf(pki.leaf.certificatePem);
  formats.base64 = () => inputs.bytesOf(inputs.base64Body(pki.intermediate.certificatePem));
  formats.destination = () => inputs.bytesOf(JSON.stringify(inputs.destinationObject('islm.pem', pki.leaf.privateKeyPem + pki.leaf.certificatePem)));
  formats.serviceKey = () =>
    inputs.bytesOf(JSON.stringify({ clientid: 'sb-x', certificate: pki.leaf.certificatePem + pki.root.certificatePem, key: pki.leaf.privateKey.export({ type: 'pkcs1', format: 'pem' }), certurl: 'https://x.authentication.cert.example' }));
});

/** Reads the bytes and checks the outcome: a result, or an AicoreMtlsError with a stable code; never another error or a hang. */
async function readSafely(bytes: Uint8Array, label: string): Promise<'read' | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no result after 5 s`)), 5000);
  });
  try {
    await Promise.race([readMaterial({ bytes, origin: label }, { passwords: fixedPassword('Robust-password-1') }), timeout]);
    return 'read';
  } catch (error) {
    assert.ok(error instanceof AicoreMtlsError, `${label}: expected AicoreMtlsError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    assert.match(error.code, /^ERR_[A-Z0-9_]+$/, label);
    assert.ok(error.message.length > 0, label);
    return error.code;
  } finally {
    clearTimeout(timer);
  }
}

for (const name of ['pem', 'der', 'base64', 'destination', 'serviceKey']) {
  test(`robustness truncated ${name}`, async () => {
    const original = formats[name]!();
    const cuts = new Set([1, 2, 5, original.length - 1, original.length - 2]);
    for (let step = 1; step < 20; step += 1) cuts.add(Math.floor((original.length * step) / 20));
    const outcomes = new Set<string>();
    for (const cut of cuts) outcomes.add(await readSafely(original.subarray(0, cut), `${name} cut at ${cut}`));
    assert.ok([...outcomes].some((outcome) => outcome !== 'read'), `${name}: some truncation is rejected`);
  });

  test(`robustness bit flips ${name}`, async () => {
    const next = random(name.length * 7919);
    for (let round = 0; round < 60; round += 1) {
      const bytes = new Uint8Array(formats[name]!());
      const position = Math.floor(next() * bytes.length);
      bytes[position]! ^= 1 << Math.floor(next() * 8);
      await readSafely(bytes, `${name} bit flip at ${position}`);
    }
  });
}

test('robustness random bytes', async () => {
  const next = random(42);
  for (const length of [1, 2, 3, 16, 100, 1000, 5000]) {
    for (let round = 0; round < 5; round += 1) {
      const bytes = new Uint8Array(length).map(() => Math.floor(next() * 256));
      const outcome = await readSafely(bytes, `random ${length} bytes`);
      assert.notEqual(outcome, 'read', `random ${length} bytes are not read as material`);
    }
  }
});

test('robustness random bytes behind format prefixes', async () => {
  const next = random(7);
  const prefixes = [
    [0x30, 0x82, 0x04, 0x00],
    [0x30, 0x80, 0x02, 0x01, 0x03],
    [0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x03, 0x30, 0x82, 0x00, 0x10, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01],
    [...inputs.bytesOf('-----BEGIN CERTIFICATE-----\n')],
    [...inputs.bytesOf('{"Name":"a.p12","Content":"')],
  ];
  for (const prefix of prefixes) {
    for (let round = 0; round < 10; round += 1) {
      const tail = new Uint8Array(200).map(() => Math.floor(next() * 256));
      const outcome = await readSafely(new Uint8Array([...prefix, ...tail]), `prefix ${prefix.slice(0, 4).join(',')} round ${round}`);
      assert.notEqual(outcome, 'read');
    }
  }
});

test('robustness random base64 text', async () => {
  const next = random(99);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let round = 0; round < 20; round += 1) {
    const text = Array.from({ length: 400 }, () => alphabet[Math.floor(next() * 64)]).join('');
    assert.notEqual(await readSafely(inputs.bytesOf(text), `random base64 ${round}`), 'read');
    const pem = `-----BEGIN CERTIFICATE-----\n${text}\n-----END CERTIFICATE-----\n`;
    assert.notEqual(await readSafely(inputs.bytesOf(pem), `random PEM ${round}`), 'read');
  }
});
