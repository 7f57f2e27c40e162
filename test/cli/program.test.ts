import assert from 'node:assert/strict';
import { test } from 'node:test';

import { runCli } from '../helpers/run-cli.ts';

test('--version prints the version on stdout', async () => {
  const result = await runCli(['--version']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('unknown option is a usage error', async () => {
  const result = await runCli(['--no-such-option']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown option '--no-such-option'/);
  assert.equal(result.stdout, '');
});

test('no command prints help with exit 2', async () => {
  const result = await runCli([]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Usage: aicore-mtls/);
});

test('usage error under --json prints JSON', async () => {
  const result = await runCli(['check', '--json', '--no-such-option']);
  assert.equal(result.code, 2);
  const document = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; message: string } };
  assert.equal(document.ok, false);
  assert.equal(document.error.code, 'ERR_USAGE');
  assert.match(document.error.message, /--no-such-option/);
});
