import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { checkBindingChain, issuerOf, subjectOf } from '../../src/binding/chain-check.ts';
import { certificateFromDer, type Certificate } from '../../src/x509/certificate.ts';
import { issueCertificate, type IssuedCertificate } from '../../src/x509/certificate-authority.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';

const day = 24 * 60 * 60 * 1000;
let pki: TestPki;

function certificates(...issued: IssuedCertificate[]): Certificate[] {
  return issued.map((entry) => certificateFromDer(new Uint8Array(entry.certificate.rawData), 'test'));
}

before(async () => {
  pki = await createTestPki();
});

test('chain check accepts ordered chain', () => {
  const check = checkBindingChain(certificates(pki.leaf, pki.intermediate, pki.root));
  assert.deepEqual(check.findings, []);
  assert.equal(check.anchor.status, 'unknown');
  assert.equal(check.anchor.severity, 'warning');
});

test('chain check names wrong order', () => {
  assert.throws(() => checkBindingChain(certificates(pki.leaf, pki.root, pki.intermediate)), {
    code: 'ERR_BINDING_CHAIN_ORDER',
    message: /certificate 2 \("C=DE,O=aicore-mtls tests,CN=Test Root CA"\) did not issue certificate 1/,
  });
});

test('chain check flags ca leaf', () => {
  const check = checkBindingChain(certificates(pki.intermediate, pki.root));
  assert.deepEqual(check.findings.map((finding) => finding.code), ['leaf-is-ca']);
});

test('chain check flags server leaf', async () => {
  const server = await createTestPki({ leafProfile: 'server' });
  const check = checkBindingChain(certificates(server.leaf, server.intermediate));
  assert.deepEqual(check.findings.map((finding) => finding.code), ['leaf-not-client-auth']);
  assert.match(check.findings[0]!.message, /1\.3\.6\.1\.5\.5\.7\.3\.1/);
});

test('chain check flags expiry dates', async () => {
  const expired = await createTestPki({ leafNotBefore: new Date(Date.now() - 20 * day), leafNotAfter: new Date(Date.now() - day) });
  const expiredCheck = checkBindingChain(certificates(expired.leaf, expired.intermediate));
  assert.deepEqual(expiredCheck.findings.map((finding) => finding.code), ['expired']);
  assert.match(expiredCheck.findings[0]!.message, /^the client certificate expired on /);

  const future = await createTestPki({ leafNotBefore: new Date(Date.now() + day), leafNotAfter: new Date(Date.now() + 20 * day) });
  const futureCheck = checkBindingChain(certificates(future.leaf));
  assert.deepEqual(futureCheck.findings.map((finding) => finding.code), ['not-yet-valid']);
});

test('chain check rejects empty chain', () => {
  assert.throws(() => checkBindingChain([]), { code: 'ERR_BINDING_NO_CERTIFICATE' });
});

test('subject and issuer in rfc 4514', async () => {
  const root = await issueCertificate({ subject: 'C=DE, O=Example, CN=Root', profile: 'root-ca' });
  const [certificate] = certificates(root);
  assert.equal(subjectOf(certificate!), 'CN=Root,O=Example,C=DE');
  assert.equal(issuerOf(certificate!), 'CN=Root,O=Example,C=DE');
});
