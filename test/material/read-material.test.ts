import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { AicoreMtlsError } from '../../src/errors.ts';
import { readMaterial, readMaterialFile, type Material } from '../../src/material/index.ts';
import { fixedPassword } from '../../src/password.ts';
import { writePkcs12 } from '../../src/pkcs12/index.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import * as inputs from './inputs.ts';

const password = 'Reader-test-password-81';
const folder = await createTempDir();
let rsa: TestPki;
let ec: TestPki;
let bundle: string;

before(async () => {
  rsa = await createTestPki({ keyType: 'rsa-2048' });
  ec = await createTestPki({ keyType: 'ec-p256' });
  bundle = rsa.leaf.certificatePem + rsa.leaf.privateKeyPem + rsa.intermediate.certificatePem + rsa.root.certificatePem;
});

async function read(bytes: Uint8Array | string, passwordValue?: string): Promise<Material> {
  return readMaterial({ bytes: typeof bytes === 'string' ? inputs.bytesOf(bytes) : bytes, origin: 'input' }, { passwords: fixedPassword(passwordValue) });
}

async function errorOf(action: Promise<unknown>): Promise<AicoreMtlsError> {
  try {
    await action;
  } catch (error) {
    assert.ok(error instanceof AicoreMtlsError, `expected AicoreMtlsError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}

function subjects(material: Material): string[] {
  return material.certificates.map((certificate) => certificate.x509.subject.split('\n').find((part) => part.startsWith('CN='))!);
}

function repairCodes(material: Material): string[] {
  return material.repairs.map((repair) => repair.code);
}

function p12(pki: TestPki, profile: 'strust' | 'modern' = 'strust'): Uint8Array {
  return writePkcs12({ privateKey: pki.leaf.privateKey, certificates: [pki.leaf, pki.intermediate, pki.root].map((entry) => inputs.derOf(entry.certificatePem)), password, profile });
}

test('PEM bundle in mixed order', async () => {
  const material = await read(bundle);
  assert.equal(material.format, 'pem');
  assert.deepEqual(subjects(material), ['CN=test-client', 'CN=Test Client CA', 'CN=Test Root CA']);
  assert.equal(material.privateKeys.length, 1);
  assert.equal(material.privateKeys[0]!.encoding, 'pkcs8');
  assert.deepEqual(material.repairs, []);
});

test('PEM certificates after the key', async () => {
  const material = await read(ec.leaf.privateKeyPem + ec.leaf.certificatePem + ec.root.certificatePem);
  assert.equal(material.certificates.length, 2);
  assert.equal(material.privateKeys.length, 1);
});

test('certificate PEM keeps canonical form', async () => {
  const material = await read(inputs.crlf(ec.leaf.certificatePem));
  assert.equal(material.certificates[0]!.pem, ec.leaf.certificatePem);
  assert.equal(material.certificates[0]!.origin, 'input');
});

test('DER certificate', async () => {
  const material = await read(inputs.derOf(rsa.leaf.certificatePem));
  assert.equal(material.format, 'der');
  assert.deepEqual(subjects(material), ['CN=test-client']);
});

test('concatenated DER certificates', async () => {
  const der = new Uint8Array([...inputs.derOf(ec.leaf.certificatePem), ...inputs.derOf(ec.intermediate.certificatePem)]);
  const material = await read(der);
  assert.equal(material.format, 'der');
  assert.equal(material.certificates.length, 2);
});

test('DER certificate with trailing newline', async () => {
  const material = await read(new Uint8Array([...inputs.derOf(ec.leaf.certificatePem), 0x0a]));
  assert.deepEqual(repairCodes(material), ['TRAILING_BYTES']);
});

test('DER private key', async () => {
  const material = await read(new Uint8Array(ec.leaf.privateKey.export({ type: 'pkcs8', format: 'der' })));
  assert.equal(material.format, 'der');
  assert.equal(material.privateKeys.length, 1);
  assert.equal(material.certificates.length, 0);
});

test('headerless base64 on one line', async () => {
  const material = await read(inputs.base64Body(rsa.leaf.certificatePem));
  assert.equal(material.format, 'base64-der');
  assert.deepEqual(subjects(material), ['CN=test-client']);
  assert.deepEqual(material.repairs, []);
});

test('headerless base64 wrapped', async () => {
  const wrapped = inputs.base64Body(rsa.leaf.certificatePem).match(/.{1,64}/g)!.join('\n') + '\n';
  const material = await read(wrapped);
  assert.equal(material.format, 'base64-der');
});

test('headerless base64 with spaces', async () => {
  const spaced = inputs.base64Body(rsa.leaf.certificatePem).match(/.{1,64}/g)!.join(' ');
  const material = await read(spaced);
  assert.equal(material.format, 'base64-der');
  assert.deepEqual(repairCodes(material), ['BASE64_SPACES']);
});

test('base64 layer around PEM', async () => {
  const material = await read(Buffer.from(bundle).toString('base64'));
  assert.equal(material.format, 'pem');
  assert.equal(material.certificates.length, 3);
  assert.deepEqual(repairCodes(material), ['BASE64_LAYER']);
});

test('PKCS#12 with password', async () => {
  const material = await read(p12(rsa), password);
  assert.equal(material.format, 'pkcs12');
  assert.equal(material.certificates.length, 3);
  assert.equal(material.privateKeys[0]!.encoding, 'pkcs12');
  assert.equal(material.pkcs12?.profile, 'strust');
});

test('PKCS#12 missing password', async () => {
  assert.equal((await errorOf(read(p12(ec)))).code, 'ERR_PASSWORD_MISSING');
});

test('PKCS#12 wrong password', async () => {
  assert.equal((await errorOf(read(p12(ec), 'Wrong-password-0'))).code, 'ERR_PASSWORD_INCORRECT');
});

test('PKCS#12 recognised despite .pem name', async () => {
  const path = join(folder, 'looks-like.pem');
  await writeFile(path, p12(ec, 'modern'));
  const material = await readMaterialFile(path, { passwords: fixedPassword(password) });
  assert.equal(material.format, 'pkcs12');
  assert.equal(material.pkcs12?.profile, 'modern');
});

const hygieneVariants: Array<[string, (text: string) => Uint8Array | string, string[]]> = [
  ['UTF-16LE with BOM', inputs.utf16leWithBom, ['UTF16LE_BOM']],
  ['UTF-8 BOM', inputs.withUtf8Bom, ['UTF8_BOM']],
  ['CRLF', inputs.crlf, ['CRLF']],
  ['UTF-16LE with BOM and CRLF', (text) => inputs.utf16leWithBom(inputs.crlf(text)), ['UTF16LE_BOM', 'CRLF']],
  ['literal \\n on one line', inputs.literalNewlines, ['ESCAPED_NEWLINES']],
  ['double-escaped \\\\n', inputs.doubleEscaped, ['DOUBLE_ESCAPED_NEWLINES']],
  ['base64 without line breaks', inputs.pemWithoutLineBreaks, ['BASE64_LINE_BREAKS_LOST']],
  ['base64 with spaces', inputs.spacesForLineBreaks, ['BASE64_SPACES']],
  ['text around blocks', inputs.withJunk, ['TEXT_AROUND_PEM']],
];

for (const [name, variant, expected] of hygieneVariants) {
  test(`hygiene repair: ${name}`, async () => {
    const material = await read(variant(bundle));
    assert.equal(material.format, 'pem');
    assert.equal(material.certificates.length, 3);
    assert.equal(material.privateKeys.length, 1);
    assert.deepEqual(repairCodes(material), expected);
    assert.deepEqual(material.certificates.map((certificate) => certificate.pem), [rsa.leaf.certificatePem, rsa.intermediate.certificatePem, rsa.root.certificatePem]);
  });
}

test('quoted JSON string of a PEM', async () => {
  const material = await read(JSON.stringify(ec.leaf.certificatePem));
  assert.equal(material.format, 'pem');
  assert.deepEqual(repairCodes(material), ['QUOTED_STRING']);
});

test('Destination object with PEM content', async () => {
  const material = await read(JSON.stringify(inputs.destinationObject('islm.pem', bundle)));
  assert.equal(material.format, 'destination-certificate');
  assert.equal(material.certificates.length, 3);
  assert.equal(material.privateKeys.length, 1);
  assert.equal(material.certificates[0]!.origin, 'Content of "islm.pem" in input');
});

test('Destination object with PKCS#12 content', async () => {
  const material = await read(JSON.stringify(inputs.destinationObject('islm.p12', p12(rsa))), password);
  assert.equal(material.format, 'destination-certificate');
  assert.equal(material.pkcs12?.profile, 'strust');
  assert.equal(material.privateKeys.length, 1);
  assert.deepEqual(material.warnings.filter((warning) => warning.includes('named like')), []);
});

test('Destination object with DER content', async () => {
  const material = await read(JSON.stringify(inputs.destinationObject('ca.crt', inputs.derOf(rsa.root.certificatePem))));
  assert.deepEqual(subjects(material), ['CN=Test Root CA']);
});

test('Destination array of objects', async () => {
  const body = JSON.stringify([inputs.destinationObject('a.pem', ec.leaf.certificatePem), inputs.destinationObject('b.cer', inputs.derOf(ec.intermediate.certificatePem))]);
  const material = await read(body);
  assert.equal(material.format, 'destination-certificate');
  assert.deepEqual(subjects(material), ['CN=test-client', 'CN=Test Client CA']);
  assert.equal(material.certificates[1]!.origin, 'Content of "b.cer" in input [1]');
});

test('Destination HTTP response with headers', async () => {
  const body = `HTTP/1.1 200 OK\r\nETag: "f4a9"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(inputs.destinationObject('islm.pem', bundle))}`;
  const material = await read(body);
  assert.equal(material.format, 'destination-certificate');
  assert.deepEqual(repairCodes(material), ['CRLF', 'HTTP_HEADERS']);
});

test('Destination .pem name with PKCS#12 warns', async () => {
  const material = await read(JSON.stringify(inputs.destinationObject('islm.pem', p12(ec))), password);
  assert.match(material.warnings.join('\n'), /"islm\.pem" is named like PEM but its Content is PKCS#12/);
});

test('Destination PublicKey object with plain PEM', async () => {
  const body = JSON.stringify([{ Content: ec.leaf.certificatePem + ec.intermediate.certificatePem, SubjectDN: 'CN=test-client' }]);
  const material = await read(body);
  assert.equal(material.certificates.length, 2);
});

test('Destination error body', async () => {
  const error = await errorOf(read('{"ErrorMessage":"Not Found"}'));
  assert.equal(error.code, 'ERR_DESTINATION_ERROR_BODY');
  assert.match(error.message, /Not Found/);
});

test('Destination content not base64', async () => {
  const error = await errorOf(read('{"Name":"x.pem","Type":"CERTIFICATE","Content":"not base64!"}'));
  assert.equal(error.code, 'ERR_DESTINATION_CONTENT_INVALID');
});

function serviceKey(pki: TestPki): Record<string, unknown> {
  return {
    clientid: 'sb-00000000-0000-0000-0000-000000000000!b12345|aicore!b540',
    certificate: pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem,
    key: pki.leaf.privateKey.asymmetricKeyType === 'rsa' ? pki.leaf.privateKey.export({ type: 'pkcs1', format: 'pem' }) : pki.leaf.privateKeyPem,
    certurl: 'https://my-sub.authentication.cert.eu10.hana.ondemand.com',
    serviceurls: { AI_API_URL: 'https://api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com' },
  };
}

test('service key with certificate and key', async () => {
  const material = await read(JSON.stringify(serviceKey(rsa)));
  assert.equal(material.format, 'service-key');
  assert.equal(material.certificates.length, 3);
  assert.equal(material.privateKeys[0]!.encoding, 'pkcs1');
  assert.equal(material.privateKeys[0]!.origin, 'field "key" of input');
});

test('service key nested under credentials', async () => {
  const material = await read(JSON.stringify({ name: 'aicore-key', credentials: serviceKey(ec) }));
  assert.equal(material.format, 'service-key');
  assert.equal(material.certificates[0]!.origin, 'field "credentials.certificate" of input');
});

test('service key in VCAP_SERVICES form', async () => {
  const material = await read(JSON.stringify({ aicore: [{ name: 'aicore', credentials: serviceKey(ec) }] }));
  assert.equal(material.certificates.length, 3);
});

test('service key with escaped certificate field', async () => {
  const key = serviceKey(ec);
  key.certificate = inputs.literalNewlines(key.certificate as string);
  const material = await read(JSON.stringify(key));
  assert.equal(material.certificates.length, 3);
  assert.deepEqual(repairCodes(material), ['ESCAPED_NEWLINES']);
  assert.match(material.repairs[0]!.message, /^field "certificate" of input: /);
});

test('JSON without material lists fields', async () => {
  const error = await errorOf(read('{"clientid":"x","clientsecret":"y"}'));
  assert.equal(error.code, 'ERR_JSON_NO_MATERIAL');
  assert.match(error.message, /top-level fields: clientid, clientsecret/);
});

test('invalid JSON', async () => {
  assert.equal((await errorOf(read('{"Name": "x.pem", '))).code, 'ERR_JSON_INVALID');
});

test('empty input', async () => {
  assert.equal((await errorOf(read(''))).code, 'ERR_MATERIAL_EMPTY');
  assert.equal((await errorOf(read('  \n\r\n'))).code, 'ERR_MATERIAL_EMPTY');
});

test('Java keystore is named', async () => {
  const error = await errorOf(read(new Uint8Array([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2])));
  assert.equal(error.code, 'ERR_JAVA_KEYSTORE');
  assert.match(error.fix ?? '', /keytool -importkeystore/);
});

test('plain text is unrecognised', async () => {
  const error = await errorOf(read('hello, this is not a certificate'));
  assert.equal(error.code, 'ERR_MATERIAL_UNRECOGNIZED');
  assert.match(error.message, /^input is text, but neither PEM/);
});

test('CSR alone is empty material', async () => {
  const csr = `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.alloc(30, 3).toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
  const error = await errorOf(read(csr));
  assert.equal(error.code, 'ERR_MATERIAL_EMPTY');
  assert.match(error.message, /certificate signing request/);
  const material = await read(csr + ec.leaf.certificatePem);
  assert.match(material.warnings.join('\n'), /ignored PEM block 1 \("CERTIFICATE REQUEST"\)/);
});

test('encrypted key in bundle asks for password', async () => {
  const encrypted = rsa.leaf.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string;
  const text = encrypted + rsa.leaf.certificatePem;
  assert.equal((await errorOf(read(text))).code, 'ERR_PASSWORD_MISSING');
  assert.equal((await errorOf(read(text, 'Wrong-password-0'))).code, 'ERR_PASSWORD_INCORRECT');
  assert.equal((await read(text, password)).privateKeys[0]!.encoding, 'encrypted-pkcs8');
});

test('unencrypted input never asks for password', async () => {
  let requests = 0;
  const passwords = async () => {
    requests += 1;
    return password;
  };
  await readMaterial({ bytes: inputs.bytesOf(bundle), origin: 'input' }, { passwords });
  assert.equal(requests, 0);
});

test('PKCS#7 bundle from openssl', { skip: !existsSync('/usr/bin/openssl') && 'openssl not installed' }, async () => {
  const chainPath = join(folder, 'chain.pem');
  await writeFile(chainPath, ec.leaf.certificatePem + ec.intermediate.certificatePem);
  const der = execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', chainPath, '-outform', 'DER']);
  const fromDer = await read(new Uint8Array(der));
  assert.equal(fromDer.certificates.length, 2);
  const pem = execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', chainPath], { encoding: 'utf8' });
  const fromPem = await read(pem);
  assert.deepEqual(subjects(fromPem), ['CN=test-client', 'CN=Test Client CA']);
});

test('readMaterialFile missing file', async () => {
  const error = await errorOf(readMaterialFile(join(folder, 'nope.pem')));
  assert.equal(error.code, 'ERR_NOT_FOUND');
  assert.match(error.message, /nope\.pem/);
});

test('readMaterialFile directory', async () => {
  const path = join(folder, 'a-folder');
  await mkdir(path);
  assert.equal((await errorOf(readMaterialFile(path))).code, 'ERR_FILE_READ');
});

test('readMaterialFile origin is the path', async () => {
  const path = join(folder, 'leaf.pem');
  await writeFile(path, ec.leaf.certificatePem);
  const material = await readMaterialFile(path);
  assert.equal(material.certificates[0]!.origin, path);
});

test('PEM with a control byte names its offset', async () => {
  const bytes = inputs.bytesOf(ec.leaf.certificatePem);
  bytes[40] = 0x01;
  const error = await errorOf(read(bytes));
  assert.equal(error.code, 'ERR_TEXT_INVALID');
  assert.match(error.message, /control byte 0x01 at byte 40/);
});

test('PEM with Latin-1 comment', async () => {
  const bytes = new Uint8Array([...Buffer.from('# Zertifikat f\xfcr ISLM\n', 'latin1'), ...inputs.bytesOf(ec.leaf.certificatePem)]);
  const material = await read(bytes);
  assert.equal(material.certificates.length, 1);
  assert.deepEqual(repairCodes(material), ['NOT_UTF8', 'TEXT_AROUND_PEM']);
});

test('base64 of something else', async () => {
  const error = await errorOf(read(Buffer.from('just some words').toString('base64')));
  assert.equal(error.code, 'ERR_MATERIAL_UNRECOGNIZED');
  assert.match(error.message, /^input is text that decodes as base64, but the decoded bytes are no certificate/);
});
