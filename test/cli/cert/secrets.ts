import assert from 'node:assert/strict';

/** Asserts that no 64-character line (or the start) of a PEM key's base64 body appears in the output. */
export function assertNoKeyMaterial(output: string, keyPem: string): void {
  const body = keyPem.replace(/-----[^-]+-----|\s/g, '');
  assert.equal(output.includes(body.slice(0, 48)), false, 'the start of the private key appears in the output');
  for (const line of keyPem.split('\n').filter((candidate) => candidate.length === 64)) {
    assert.equal(output.includes(line), false, 'a line of the private key appears in the output');
  }
  assert.equal(/PRIVATE KEY-----/.test(output), false, 'a private key PEM marker appears in the output');
}
