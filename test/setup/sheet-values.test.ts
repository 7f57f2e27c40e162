import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { runSetup } from '../../src/setup/index.ts';
import { sandboxSetupOptions, startTestSandbox } from './helpers.ts';

const sandbox = await startTestSandbox();
const options = await sandboxSetupOptions(sandbox, { certificateName: 'sheet-values.pem' });
await runSetup(options, 'aicore-mtls test');

const binding = JSON.parse(await readFile(join(options.outDir, 'aicore-binding.json'), 'utf8')) as {
  clientid: string;
  url: string;
  certurl: string;
  serviceurls: { AI_API_URL: string };
};
const withoutScheme = (url: string) => url.replace(/^https:\/\//i, '').replace(/\/+$/, '');
const expected = {
  'oa2c.clientId': binding.clientid,
  'oa2c.tokenEndpoint': `${withoutScheme(binding.url)}/oauth/token`,
  'oa2c.mtlsTokenEndpointAlias': `${withoutScheme(binding.certurl)}/oauth/token`,
  'sm59.host': new URL(binding.serviceurls.AI_API_URL).hostname,
  'sm59.port': new URL(binding.serviceurls.AI_API_URL).port || '443',
  'oa2c.profile': 'ISLM_SAPGENAI_OAUTH_PRF_HCP',
  'islm.resourceGroup': 'default',
};

test('sheet JSON values match the binding', async () => {
  const sheet = JSON.parse(await readFile(join(options.outDir, 's4-sheet.json'), 'utf8')) as { values: Record<string, { value: string } | string> };
  for (const [id, value] of Object.entries(expected)) {
    const entry = sheet.values[id];
    const actual = typeof entry === 'string' ? entry : entry?.value;
    assert.equal(actual, value, `value ${id}`);
  }
});

for (const file of ['s4-sheet.md', 's4-sheet.html']) {
  test(`${file} contains every value`, async () => {
    const text = await readFile(join(options.outDir, file), 'utf8');
    for (const [id, value] of Object.entries(expected)) {
      assert.ok(text.includes(value), `${file} lacks ${id} = ${value}`);
    }
    assert.ok(!text.includes('PRIVATE KEY'), `${file} contains no private key`);
  });
}
