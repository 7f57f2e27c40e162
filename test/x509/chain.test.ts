import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { before, test } from 'node:test';

import { issueCertificate } from '../../src/x509/certificate-authority.ts';
import { buildChain, certificateRole, isSelfSigned } from '../../src/x509/chain.ts';
import { knownRoots } from '../../src/x509/known-roots.ts';
import { rootTrust } from '../../src/x509/root-store.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { certificateOf } from './certificates.ts';

let pki: TestPki;

before(async () => {
  pki = await createTestPki();
});

test('buildChain ordered bundle', () => {
  const [leaf, intermediate, root] = [certificateOf(pki.leaf), certificateOf(pki.intermediate), certificateOf(pki.root)];
  const chain = buildChain([leaf, intermediate, root]);
  assert.deepEqual(chain.path, [leaf, intermediate, root]);
  assert.equal(chain.complete, true);
  assert.equal(chain.reordered, false);
  assert.equal(chain.anchor?.source, 'input');
  assert.equal(chain.anchor?.inNodeRootStore, false);
  assert.deepEqual(chain.unused, []);
});

test('buildChain disordered bundle', () => {
  const [leaf, intermediate, root] = [certificateOf(pki.leaf), certificateOf(pki.intermediate), certificateOf(pki.root)];
  const chain = buildChain([root, leaf, intermediate]);
  assert.deepEqual(chain.path, [leaf, intermediate, root]);
  assert.equal(chain.reordered, true);
  assert.equal(chain.leaf, leaf);
});

test('buildChain roles', () => {
  const [leaf, intermediate, root] = [certificateOf(pki.leaf), certificateOf(pki.intermediate), certificateOf(pki.root)];
  const chain = buildChain([intermediate, root, leaf]);
  assert.equal(certificateRole(leaf, chain), 'leaf');
  assert.equal(certificateRole(intermediate, chain), 'intermediate');
  assert.equal(certificateRole(root, chain), 'root');
  assert.equal(isSelfSigned(root), true);
  assert.equal(isSelfSigned(leaf), false);
});

test('buildChain missing intermediate names it', () => {
  const [leaf, root] = [certificateOf(pki.leaf), certificateOf(pki.root)];
  const chain = buildChain([leaf, root]);
  assert.deepEqual(chain.path, [leaf]);
  assert.equal(chain.complete, false);
  assert.equal(chain.missingIssuer?.subject, 'C=DE,O=aicore-mtls tests,CN=Test Client CA');
  const intermediateKeyId = Buffer.from(pki.intermediate.certificate.getExtension('2.5.29.14')!.value).subarray(2).toString('hex').toUpperCase();
  assert.equal(chain.missingIssuer?.authorityKeyIdentifier, intermediateKeyId);
  assert.deepEqual(chain.unused, [root]);
});

test('buildChain missing root', () => {
  const [leaf, intermediate] = [certificateOf(pki.leaf), certificateOf(pki.intermediate)];
  const chain = buildChain([intermediate, leaf]);
  assert.deepEqual(chain.path, [leaf, intermediate]);
  assert.equal(chain.complete, false);
  assert.equal(chain.missingIssuer?.subject, 'C=DE,O=aicore-mtls tests,CN=Test Root CA');
  assert.equal(chain.missingIssuer?.knownRoot, undefined);
});

test('buildChain ignores impostor with same name', async () => {
  const impostor = await issueCertificate({ subject: 'CN=Test Client CA, O=aicore-mtls tests, C=DE', profile: 'intermediate-ca', issuer: pki.root });
  const [leaf, root] = [certificateOf(pki.leaf), certificateOf(pki.root)];
  const chain = buildChain([leaf, certificateOf(impostor), root]);
  assert.deepEqual(chain.path, [leaf]);
  assert.equal(chain.complete, false);
});

test('buildChain leaf chosen by private key', async () => {
  const other = await issueCertificate({ subject: 'CN=other-client, O=aicore-mtls tests, C=DE', profile: 'client', issuer: pki.intermediate });
  const [first, second, intermediate] = [certificateOf(pki.leaf), certificateOf(other), certificateOf(pki.intermediate)];
  assert.equal(buildChain([first, second, intermediate]).leaf, first);
  const chain = buildChain([first, second, intermediate], { privateKey: other.privateKey });
  assert.equal(chain.leaf, second);
  assert.deepEqual(chain.unused, [first]);
});

test('buildChain drops duplicates', () => {
  const leaf = certificateOf(pki.leaf);
  const copy = certificateOf(pki.leaf);
  const chain = buildChain([leaf, copy, certificateOf(pki.intermediate)]);
  assert.deepEqual(chain.duplicates, [copy]);
  assert.equal(chain.path.length, 2);
});

test('buildChain empty input', () => {
  const chain = buildChain([]);
  assert.equal(chain.leaf, undefined);
  assert.deepEqual(chain.path, []);
});

test('buildChain names a missing SAP root', async () => {
  const sapRoot = await issueCertificate({ subject: 'C=DE, L=Walldorf, O=SAP SE, CN=SAP Cloud Root CA', profile: 'root-ca', keyType: 'ec-p256' });
  const clientCa = await issueCertificate({ subject: 'C=DE, L=canary, O=SAP SE, OU=SAP Cloud Platform Clients, CN=SAP Cloud Platform Client CA', profile: 'intermediate-ca', issuer: sapRoot });
  const leaf = await issueCertificate({ subject: 'C=DE, O=SAP SE, CN=islm', profile: 'client', issuer: clientCa });
  const chain = buildChain([certificateOf(leaf), certificateOf(clientCa)]);
  assert.equal(chain.missingIssuer?.subject, 'CN=SAP Cloud Root CA,O=SAP SE,L=Walldorf,C=DE');
  assert.equal(chain.missingIssuer?.knownRoot?.name, 'SAP Cloud Root CA');
});

test('buildChain public root from Node store', () => {
  const digicert = knownRoots.find((root) => root.name === 'DigiCert Global Root G2')!;
  const pem = rootCertificates.find((candidate) => certificateOf(candidate).x509.fingerprint256 === digicert.fingerprint256);
  assert.ok(pem, 'DigiCert Global Root G2 is in Node\'s root store');
  const chain = buildChain([certificateOf(pem)]);
  assert.equal(chain.complete, true);
  assert.equal(chain.anchor?.inNodeRootStore, true);
  assert.equal(chain.anchor?.knownRoot?.name, 'DigiCert Global Root G2');
  assert.equal(chain.anchor?.subject, digicert.subject);
});

test('rootTrust public, SAP and private roots', () => {
  const digicert = rootCertificates.map((pem) => certificateOf(pem)).find((candidate) => candidate.x509.fingerprint256 === knownRoots[0]!.fingerprint256)!;
  const g2 = rootTrust(digicert.x509);
  assert.equal(g2.inNodeRootStore, true);
  assert.equal(g2.knownRoot?.name, 'DigiCert Global Root G2');
  assert.deepEqual(rootTrust(certificateOf(pki.root).x509), { inNodeRootStore: false });
});

test('certificateRole self-signed end entity', async () => {
  const selfSigned = await issueCertificate({ subject: 'CN=self-signed client', profile: 'client' });
  const certificate = certificateOf(selfSigned);
  const chain = buildChain([certificate]);
  assert.equal(chain.complete, true);
  assert.equal(certificateRole(certificate, chain), 'leaf');
});
