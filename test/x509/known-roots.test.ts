import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { test } from 'node:test';

import { certificateFields } from '../../src/x509/certificate.ts';
import { knownRootBySubject, knownRoots } from '../../src/x509/known-roots.ts';
import { formatName } from '../../src/x509/name.ts';
import { certificateOf } from './certificates.ts';

const nodeRoots = rootCertificates.map((pem) => certificateOf(pem, 'node'));

for (const root of knownRoots.filter((entry) => entry.name.startsWith('DigiCert'))) {
  test(`known root table matches Node store: ${root.name}`, () => {
    const certificate = nodeRoots.find((candidate) => candidate.x509.fingerprint256 === root.fingerprint256);
    assert.ok(certificate, `${root.name} is in Node's root store`);
    const fields = certificateFields(certificate);
    assert.equal(formatName(fields.subject), root.subject);
    assert.equal(fields.notAfter.toISOString().slice(0, 10), root.notAfter);
  });
}

test('SAP roots are not in Node store', () => {
  for (const root of knownRoots.filter((entry) => entry.name.startsWith('SAP'))) {
    assert.equal(nodeRoots.some((candidate) => candidate.x509.fingerprint256 === root.fingerprint256), false, root.name);
  }
});

test('knownRootBySubject finds SAP Cloud Root CA', () => {
  assert.equal(knownRootBySubject('CN=SAP Cloud Root CA,O=SAP SE,L=Walldorf,C=DE')?.name, 'SAP Cloud Root CA');
  assert.equal(knownRootBySubject('CN=Something Else'), undefined);
});
