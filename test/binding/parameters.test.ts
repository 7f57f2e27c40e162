import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { before, test } from 'node:test';

import { parseCertificatePem } from '../../src/binding/certificate-pem.ts';
import { buildBindingParameters, serializeBindingParameters, type X509CredentialParameters } from '../../src/binding/parameters.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';

let pki: TestPki;
let chain: Uint8Array[];

before(async () => {
  pki = await createTestPki({ keyType: 'rsa-2048' });
  chain = [pki.leaf, pki.intermediate, pki.root].map((issued) => new Uint8Array(issued.certificate.rawData));
});

test('aicore params nest under xsuaa', () => {
  const parameters = buildBindingParameters({ certificates: chain });
  assert.deepEqual(Object.keys(parameters), ['xsuaa']);
  const credential = (parameters as { xsuaa: X509CredentialParameters }).xsuaa;
  assert.equal(credential['credential-type'], 'x509');
  assert.deepEqual(Object.keys(credential.x509), ['certificate', 'ensure-uniqueness', 'certificate-pinning', 'hide-certificate']);
  assert.equal(credential.x509['certificate-pinning'], false);
  assert.equal(credential.x509['hide-certificate'], false);
  assert.equal(credential.x509['ensure-uniqueness'], false);
  assert.equal(credential.x509.certificate, pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem);
});

test('destination params nest under xsuaa', () => {
  const parameters = buildBindingParameters({ certificates: chain, service: 'destination' });
  assert.deepEqual(Object.keys(parameters), ['xsuaa']);
});

test('xsuaa params at top level', () => {
  const parameters = buildBindingParameters({ certificates: chain, service: 'xsuaa' }) as X509CredentialParameters;
  assert.deepEqual(Object.keys(parameters), ['credential-type', 'x509']);
  assert.equal(parameters['credential-type'], 'x509');
});

test('params carry the flags', () => {
  const parameters = buildBindingParameters({
    certificates: chain,
    service: 'xsuaa',
    pinning: true,
    hideCertificate: true,
    ensureUniqueness: true,
  }) as X509CredentialParameters;
  assert.equal(parameters.x509['certificate-pinning'], true);
  assert.equal(parameters.x509['hide-certificate'], true);
  assert.equal(parameters.x509['ensure-uniqueness'], true);
});

test('params reject empty input', () => {
  assert.throws(() => buildBindingParameters({ certificates: [] }), { code: 'ERR_BINDING_NO_CERTIFICATE' });
});

test('params reject a key as certificate', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyDer = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
  assert.throws(() => buildBindingParameters({ certificates: [chain[0]!, keyDer] }), {
    code: 'ERR_BINDING_CERTIFICATE_INVALID',
    message: /entry 2 of the certificate list/,
  });
});

test('serialized certificate is one escaped line', () => {
  const text = serializeBindingParameters(buildBindingParameters({ certificates: chain }));
  assert.ok(text.endsWith('}\n'));
  const line = text.split('\n').find((candidate) => candidate.includes('"certificate"'));
  assert.ok(line);
  assert.match(line, /^\s+"certificate": "-----BEGIN CERTIFICATE-----\\nMII[A-Za-z0-9+/=\\n -]+-----END CERTIFICATE-----\\n",$/);
  assert.equal(line.split('-----BEGIN CERTIFICATE-----').length - 1, 3);
  assert.doesNotMatch(text, /\r/);
  assert.doesNotMatch(text, /\\\\n/);
});

test('pem split returns the ders', () => {
  const pem = pki.leaf.certificatePem + pki.intermediate.certificatePem;
  const ders = parseCertificatePem(pem);
  assert.equal(ders.length, 2);
  assert.ok(Buffer.from(ders[0]!).equals(Buffer.from(chain[0]!)));
  assert.ok(Buffer.from(ders[1]!).equals(Buffer.from(chain[1]!)));
});

test('pem split rejects foreign content', () => {
  const pem = pki.leaf.certificatePem;
  assert.throws(() => parseCertificatePem(pem.replace(/\n/g, '\r\n')), { code: 'ERR_BINDING_ROUND_TRIP', message: /carriage returns/ });
  assert.throws(() => parseCertificatePem(pem.replace(/\n/g, '\\n')), { code: 'ERR_BINDING_ROUND_TRIP', message: /escaped twice/ });
  assert.throws(() => parseCertificatePem(`junk\n${pem}`), { code: 'ERR_BINDING_ROUND_TRIP', message: /unexpected text "junk"/ });
  assert.throws(() => parseCertificatePem(`${pem}trailer`), { code: 'ERR_BINDING_ROUND_TRIP', message: /unexpected text "trailer"/ });
  assert.throws(() => parseCertificatePem(pki.leaf.privateKeyPem + pem), { code: 'ERR_BINDING_CONTAINS_KEY' });
  assert.throws(() => parseCertificatePem(''), { code: 'ERR_BINDING_ROUND_TRIP', message: /no PEM certificate/ });
  assert.throws(() => parseCertificatePem(pem.replace('MII', 'MI*I')), { code: 'ERR_BINDING_ROUND_TRIP' });
});
