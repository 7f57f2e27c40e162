import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { buildBindingParameters, serializeBindingParameters } from '../../src/binding/parameters.ts';
import { verifyBindingParametersRoundTrip } from '../../src/binding/round-trip.ts';
import type { BindingService } from '../../src/binding/services.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';

let pki: TestPki;
let chain: Uint8Array[];

before(async () => {
  pki = await createTestPki();
  chain = [pki.leaf, pki.intermediate, pki.root].map((issued) => new Uint8Array(issued.certificate.rawData));
});

function jsonFor(certificates: Uint8Array[], service: BindingService = 'aicore'): string {
  return serializeBindingParameters(buildBindingParameters({ certificates, service }));
}

test('round trip for 1 to 3 certificates', () => {
  for (const count of [1, 2, 3]) {
    for (const service of ['aicore', 'destination', 'xsuaa'] as const) {
      const certificates = chain.slice(0, count);
      const result = verifyBindingParametersRoundTrip(jsonFor(certificates, service), certificates, service);
      assert.equal(result.certificateCount, count, `${count} ${service}`);
      assert.equal(result.location, service === 'xsuaa' ? 'top-level' : 'xsuaa');
    }
  }
});

test('round trip detects a missing certificate', () => {
  assert.throws(() => verifyBindingParametersRoundTrip(jsonFor(chain.slice(0, 2)), chain), {
    code: 'ERR_BINDING_ROUND_TRIP',
    message: /contains 2 certificates, expected 3/,
  });
});

test('round trip detects another order', () => {
  const swapped = [chain[1]!, chain[0]!];
  assert.throws(() => verifyBindingParametersRoundTrip(jsonFor(swapped), chain.slice(0, 2)), {
    code: 'ERR_BINDING_ROUND_TRIP',
    message: /certificate 1 in the certificate string differs/,
  });
});

test('round trip detects changed bytes', () => {
  const json = jsonFor(chain.slice(0, 1));
  const body = /"-----BEGIN CERTIFICATE-----\\n(.{80})/.exec(json)![1]!;
  const flipped = body.slice(0, 70) + (body[70] === 'A' ? 'B' : 'A') + body.slice(71);
  assert.throws(() => verifyBindingParametersRoundTrip(json.replace(body, flipped), chain.slice(0, 1)), {
    code: 'ERR_BINDING_ROUND_TRIP',
  });
});

test('round trip rejects wrong level', () => {
  assert.throws(() => verifyBindingParametersRoundTrip(jsonFor(chain, 'xsuaa'), chain, 'aicore'), {
    code: 'ERR_BINDING_ROUND_TRIP',
    message: /at the top level, but SAP AI Core reads them under "xsuaa"/,
  });
});

test('round trip rejects a private key', () => {
  const parameters = buildBindingParameters({ certificates: chain.slice(0, 1) }) as unknown as { xsuaa: { x509: Record<string, unknown> } };
  parameters.xsuaa.x509['key'] = pki.leaf.privateKeyPem;
  const json = JSON.stringify(parameters);
  assert.throws(() => verifyBindingParametersRoundTrip(json, chain.slice(0, 1)), { code: 'ERR_BINDING_CONTAINS_KEY' });
});

test('round trip rejects double escaping', () => {
  const json = jsonFor(chain.slice(0, 1)).replace(/\\n/g, '\\\\n');
  assert.throws(() => verifyBindingParametersRoundTrip(json, chain.slice(0, 1)), { code: 'ERR_BINDING_ROUND_TRIP', message: /escaped twice/ });
});

test('round trip rejects invalid json', () => {
  assert.throws(() => verifyBindingParametersRoundTrip('{"xsuaa":', chain), { code: 'ERR_BINDING_ROUND_TRIP', message: /not valid JSON/ });
});
