import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { locateInventory, parseInventory, readInventoryFile, selectLandscapes } from '../../src/lifecycle/index.ts';
import { readReferencedPassword } from '../../src/lifecycle/inventory-file.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

const landscape = {
  name: 'PRD',
  destination: { serviceKey: 'keys/prd-destination.json', certificateName: 'islm.pem', password: 'env:PRD_PASSWORD' },
  aicore: { serviceKey: 'env:PRD_AICORE_KEY', pinning: true },
  s4: { system: 'S4P', client: 100, identity: 'ISLM' },
};

function inventoryWith(changes: Record<string, unknown>): unknown {
  return { version: 1, landscapes: [{ ...landscape, ...changes }] };
}

test('inventory parses references', () => {
  const inventory = parseInventory(inventoryWith({}), '/x/aicore-mtls.yaml');
  const parsed = inventory.landscapes[0]!;
  assert.deepEqual(parsed.destination.serviceKey, { kind: 'file', path: 'keys/prd-destination.json', text: 'keys/prd-destination.json' });
  assert.deepEqual(parsed.destination.password, { kind: 'env', name: 'PRD_PASSWORD', text: 'env:PRD_PASSWORD' });
  assert.equal(parsed.aicore?.resourceGroup, 'default');
  assert.equal(parsed.aicore?.pinning, true);
  assert.equal(parsed.s4.client, '100');
  assert.equal(parsed.destination.level, 'subaccount');
});

test('inventory rejects inline secrets', () => {
  const cases: Array<[string, unknown]> = [
    ['$.landscapes[0].destination.serviceKey.clientsecret', inventoryWith({ destination: { serviceKey: { clientid: 'a', clientsecret: 'b' }, certificateName: 'x.pem' } })],
    ['$.landscapes[0].destination.password', inventoryWith({ destination: { serviceKey: 'k.json', certificateName: 'x.pem', password: 'hunter2-secret' } })],
    ['$.landscapes[0].clientsecret', inventoryWith({ clientsecret: 'abc' })],
    ['$.landscapes[0].aicore.serviceKey', inventoryWith({ aicore: { serviceKey: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----' } })],
    ['$.landscapes[0].destination.serviceKey', inventoryWith({ destination: { serviceKey: '{"clientid":"a","clientsecret":"b"}', certificateName: 'x.pem' } })],
  ];
  for (const [field, document] of cases) {
    assert.throws(() => parseInventory(document, 'inv.yaml'), (error: { code?: string; details?: { field?: string }; message: string }) => {
      assert.equal(error.code, 'ERR_INVENTORY_INLINE_SECRET');
      assert.equal(error.details?.field, field);
      assert.ok(!error.message.includes('hunter2'), 'the secret is not repeated');
      return true;
    });
  }
});

test('inventory names invalid fields', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ version: 2, landscapes: [] }, /\$\.version: must be 1/],
    [{ version: 1, landscapes: [] }, /\$\.landscapes: must be a non-empty list/],
    [inventoryWith({ name: 'bad name' }), /not a valid landscape name/],
    [inventoryWith({ s4: { system: 'S4P' } }), /\$\.landscapes\[0\]\.s4\.identity: is missing/],
    [inventoryWith({ aicore: { serviceKey: 'k.json', pinning: 'yes' } }), /aicore\.pinning: must be true or false/],
    [{ version: 1, landscapes: [landscape, landscape] }, /"PRD" appears twice/],
  ];
  for (const [document, message] of cases) {
    assert.throws(() => parseInventory(document, 'inv.yaml'), (error: { code?: string; message: string; fix?: string }) => {
      assert.equal(error.code, 'ERR_INVENTORY_INVALID');
      assert.match(error.message, message);
      assert.ok(error.fix);
      return true;
    });
  }
});

test('inventory file YAML errors name line', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'aicore-mtls.yaml');
  await writeFile(path, 'version: 1\nlandscapes:\n  - name: DEV\n    destination: [unclosed\n');
  await assert.rejects(readInventoryFile(path), (error: { code?: string; message: string }) => {
    assert.equal(error.code, 'ERR_INVENTORY_INVALID');
    assert.match(error.message, /line \d+/);
    return true;
  });
  await assert.rejects(readInventoryFile(join(folder, 'missing.yaml')), { code: 'ERR_INVENTORY_NOT_FOUND' });
});

test('inventory location order', () => {
  assert.equal(locateInventory('a.yaml', { AICORE_MTLS_INVENTORY: 'b.yaml' }, '/w').path, '/w/a.yaml');
  assert.equal(locateInventory(undefined, { AICORE_MTLS_INVENTORY: 'b.yaml' }, '/w').path, '/w/b.yaml');
  assert.equal(locateInventory(undefined, {}, '/w').path, '/w/aicore-mtls.yaml');
});

test('landscape selection and references', async () => {
  const inventory = parseInventory(inventoryWith({}), '/x/aicore-mtls.yaml');
  assert.throws(() => selectLandscapes(inventory, 'QAS'), { code: 'ERR_LANDSCAPE_UNKNOWN' });
  assert.equal(selectLandscapes(inventory, undefined).length, 1);
  assert.equal(await readReferencedPassword(inventory, inventory.landscapes[0]!.destination.password!, { PRD_PASSWORD: 'pw-value-1' }), 'pw-value-1');
  await assert.rejects(readReferencedPassword(inventory, inventory.landscapes[0]!.destination.password!, {}), { code: 'ERR_REFERENCE_UNRESOLVED' });
});
