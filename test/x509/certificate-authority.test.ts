import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';

import { createTestPki } from '../helpers/pki.ts';

for (const keyType of ['ec-p256', 'rsa-2048'] as const) {
  test(`test PKI chain verifies (${keyType})`, async () => {
    const pki = await createTestPki({ keyType });
    const root = new X509Certificate(pki.root.certificatePem);
    const intermediate = new X509Certificate(pki.intermediate.certificatePem);
    const leaf = new X509Certificate(pki.leaf.certificatePem);

    assert.equal(root.ca, true);
    assert.equal(intermediate.ca, true);
    assert.equal(leaf.ca, false);
    assert.ok(intermediate.verify(root.publicKey), 'intermediate is signed by the root');
    assert.ok(leaf.verify(intermediate.publicKey), 'leaf is signed by the intermediate');
    assert.ok(leaf.checkPrivateKey(pki.leaf.privateKey), 'leaf key matches');
    assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  });
}
