import assert from 'node:assert/strict';
import { test } from 'node:test';

import { verifyChain } from '../../src/sandbox/tls/chain.ts';
import { parseCertificatesPem } from '../../src/sandbox/tls/parsed-certificate.ts';
import { createTestPki } from '../helpers/pki.ts';

test('chain verifies to anchor', async () => {
  const pki = await createTestPki();
  const [leaf, intermediate] = parseCertificatesPem(pki.leaf.certificatePem + pki.intermediate.certificatePem);
  const [root] = parseCertificatesPem(pki.root.certificatePem);
  const result = verifyChain([leaf!, intermediate!], [root!], new Date());
  assert.equal(result.ok, true);
  assert.equal(result.ok && result.path.length, 3);
});

test('chain failures name the cause', async () => {
  const pki = await createTestPki();
  const other = await createTestPki();
  const [leaf, intermediate] = parseCertificatesPem(pki.leaf.certificatePem + pki.intermediate.certificatePem);
  const [root] = parseCertificatesPem(pki.root.certificatePem);
  const [otherRoot] = parseCertificatesPem(other.root.certificatePem);

  const missing = verifyChain([leaf!], [root!], new Date());
  assert.equal(missing.ok, false);
  assert.match(!missing.ok ? missing.reason : '', /was not presented and is not a trusted CA/);

  const untrusted = verifyChain([leaf!, intermediate!, root!], [otherRoot!], new Date());
  assert.match(!untrusted.ok ? untrusted.reason : '', /root CA .* which is not a trusted CA/);

  const expired = verifyChain([leaf!, intermediate!], [root!], new Date(Date.now() + 400 * 86_400_000));
  assert.match(!expired.ok ? expired.reason : '', /client certificate expired on/);

  const early = verifyChain([leaf!, intermediate!], [root!], new Date(Date.now() - 86_400_000));
  assert.match(!early.ok ? early.reason : '', /not valid before/);
});

test('impostor issuer with same DN fails', async () => {
  const pki = await createTestPki();
  const impostor = await createTestPki();
  const [leaf] = parseCertificatesPem(impostor.leaf.certificatePem);
  const [impostorIntermediate] = parseCertificatesPem(impostor.intermediate.certificatePem);
  const [root] = parseCertificatesPem(pki.root.certificatePem);
  // Both test PKIs use the same DNs; only the signatures tell them apart.
  const result = verifyChain([leaf!, impostorIntermediate!], [root!], new Date());
  assert.equal(result.ok, false);
});
