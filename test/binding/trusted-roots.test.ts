import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { test } from 'node:test';

import { classifyChainAnchor } from '../../src/binding/trusted-roots.ts';
import { certificateFromDer, type Certificate } from '../../src/x509/certificate.ts';
import { issueCertificate, type IssuedCertificate } from '../../src/x509/certificate-authority.ts';

function certificates(...issued: IssuedCertificate[]): Certificate[] {
  return issued.map((entry) => certificateFromDer(new Uint8Array(entry.certificate.rawData), 'test'));
}

async function chainUnder(rootSubject: string): Promise<{ root: IssuedCertificate; intermediate: IssuedCertificate; leaf: IssuedCertificate }> {
  const root = await issueCertificate({ subject: rootSubject, profile: 'root-ca' });
  const intermediate = await issueCertificate({ subject: 'CN=Client CA, O=Example, C=DE', profile: 'intermediate-ca', issuer: root });
  const leaf = await issueCertificate({ subject: 'CN=islm, O=Example, C=DE', profile: 'client', issuer: intermediate });
  return { root, intermediate, leaf };
}

test('anchor sap cloud root by issuer', async () => {
  const chain = await chainUnder('CN=SAP Cloud Root CA, O=SAP SE, L=Walldorf, C=DE');
  const finding = classifyChainAnchor(certificates(chain.leaf, chain.intermediate));
  assert.equal(finding.status, 'sap-cloud-root');
  assert.equal(finding.severity, 'note');
  assert.equal(finding.matchedBy, 'issuer');
  assert.match(finding.message, /SAP's ISLM mTLS tutorial/);
});

test('anchor stand-in root fingerprint mismatch', async () => {
  const chain = await chainUnder('CN=DigiCert Global Root G2, OU=www.digicert.com, O=DigiCert Inc, C=US');
  const finding = classifyChainAnchor(certificates(chain.leaf, chain.intermediate, chain.root));
  assert.equal(finding.status, 'fingerprint-mismatch');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /differs from the published one \(CB:3C:CB/);
});

test('anchor documented by issuer name', async () => {
  const chain = await chainUnder('CN=Entrust Root Certification Authority - G2, O=Entrust\\, Inc., C=US');
  const finding = classifyChainAnchor(certificates(chain.leaf, chain.intermediate));
  assert.equal(finding.status, 'documented');
  assert.equal(finding.severity, 'ok');
  assert.equal(finding.ca, 'Entrust Root Certification Authority - G2');
});

test('anchor documented intermediate by name', async () => {
  const root = await issueCertificate({ subject: 'CN=Some Root, C=US', profile: 'root-ca' });
  const intermediate = await issueCertificate({ subject: 'CN=DigiCert SHA2 Secure Server CA, O=DigiCert Inc, C=US', profile: 'intermediate-ca', issuer: root });
  const leaf = await issueCertificate({ subject: 'CN=islm', profile: 'client', issuer: intermediate });
  const finding = classifyChainAnchor(certificates(leaf, intermediate));
  assert.equal(finding.status, 'documented');
  assert.equal(finding.matchedBy, 'certificate');
});

test('anchor removed baltimore root', async () => {
  const chain = await chainUnder('CN=Baltimore CyberTrust Root, OU=CyberTrust, O=Baltimore, C=IE');
  const finding = classifyChainAnchor(certificates(chain.leaf, chain.intermediate, chain.root));
  assert.equal(finding.status, 'removed');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /removed from the trusted list on 2025-04-17/);
});

test('anchor unknown root', async () => {
  const chain = await chainUnder('CN=Private Root, O=Example, C=DE');
  const finding = classifyChainAnchor(certificates(chain.leaf, chain.intermediate, chain.root));
  assert.equal(finding.status, 'unknown');
  // The test CA encodes the subject in string order, so RFC 4514 output shows it reversed.
  assert.match(finding.message, /the root "C=DE,O=Example,CN=Private Root", which is not a CA XSUAA documents/);
});

test('anchor real digicert g2 root', () => {
  const pem = rootCertificates.find((candidate) => new X509Certificate(candidate).subject.includes('CN=DigiCert Global Root G2'));
  assert.ok(pem, 'Node root store has DigiCert Global Root G2');
  const certificate = certificateFromDer(new Uint8Array(new X509Certificate(pem).raw), 'node');
  const finding = classifyChainAnchor([certificate]);
  assert.equal(finding.status, 'documented');
  assert.equal(finding.matchedBy, 'certificate');
});
