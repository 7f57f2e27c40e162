import assert from 'node:assert/strict';
import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { runCli } from '../helpers/run-cli.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

const folder = join(await createTempDir('aicore-mtls-demo-'), 'demo');

test('demo runs and writes files', async () => {
  const result = await runCli(['demo', '--out', folder]);

  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Setup complete\./);
  assert.match(result.stdout, /Check with the written service key:[\s\S]*Connection OK over mTLS/);
  assert.match(result.stderr, /^starting the sandbox/m);
  assert.match(result.stderr, /^sandbox stopped$/m);
  for (const file of ['setup/aicore-service-key.json', 'setup/strust/islm-mtls.p12', 'setup/s4-sheet.html', 'setup/setup.json', 'sandbox/ca.pem']) {
    await access(join(folder, file));
  }
  assert.equal((await stat(join(folder, 'certificate-password.txt'))).mode & 0o777, 0o600);
  const password = (await readFile(join(folder, 'certificate-password.txt'), 'utf8')).trim();
  assert.ok(password.length >= 20, 'a generated password');
  assert.ok(!(result.stdout + result.stderr).includes(password), 'the password is not printed');
});

test('demo refuses earlier demo folder', async () => {
  const result = await runCli(['demo', '--out', folder]);

  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error: "[^"]+demo" contains an earlier demo \[ERR_FILE_EXISTS\]/m);
  assert.match(result.stderr, /fix: Pass --force/);
  assert.equal(result.stdout, '');
});

test('demo force replaces folder', async () => {
  const before = await readFile(join(folder, 'certificate-password.txt'), 'utf8');
  const result = await runCli(['demo', '--out', folder, '--force', '--json']);

  assert.equal(result.code, 0, result.stderr);
  const document = JSON.parse(result.stdout) as { setup: { binding: { name: string } }; check: { ok: boolean } };
  assert.equal(document.setup.binding.name, 'islm-mtls');
  assert.equal(document.check.ok, true);
  assert.notEqual(await readFile(join(folder, 'certificate-password.txt'), 'utf8'), before, 'a new demo with a new password');
});
