import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { checkKeyAndCsrTargets, writeKeyAndCsr } from '../../src/csr/write-files.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

const content = { keyPem: 'KEY-PLACEHOLDER\n', csrPem: 'CSR-PLACEHOLDER\n' };

test('writes key 0600 and csr', async () => {
  const folder = await createTempDir();
  const files = { keyPath: join(folder, 'client.key'), csrPath: join(folder, 'client.csr') };
  await writeKeyAndCsr(files, content, false);
  assert.equal((await stat(files.keyPath)).mode & 0o777, 0o600);
  assert.equal((await stat(files.csrPath)).mode & 0o777, 0o644);
  assert.equal(await readFile(files.keyPath, 'utf8'), content.keyPem);
  assert.equal(await readFile(files.csrPath, 'utf8'), content.csrPem);
});

test('rejects existing files without force', async () => {
  const folder = await createTempDir();
  const files = { keyPath: join(folder, 'client.key'), csrPath: join(folder, 'client.csr') };
  await writeFile(files.csrPath, 'old');
  await assert.rejects(writeKeyAndCsr(files, content, false), { code: 'ERR_FILE_EXISTS', message: /client\.csr" already exists/ });
  assert.equal(existsSync(files.keyPath), false);
  assert.equal(await readFile(files.csrPath, 'utf8'), 'old');
});

test('replaces files with force', async () => {
  const folder = await createTempDir();
  const files = { keyPath: join(folder, 'client.key'), csrPath: join(folder, 'client.csr') };
  await writeFile(files.keyPath, 'old', { mode: 0o644 });
  await writeFile(files.csrPath, 'old');
  await writeKeyAndCsr(files, content, true);
  assert.equal(await readFile(files.keyPath, 'utf8'), content.keyPem);
  assert.equal((await stat(files.keyPath)).mode & 0o777, 0o600);
  assert.equal(await readFile(files.csrPath, 'utf8'), content.csrPem);
});

test('same path for both is usage error', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'x.pem');
  await assert.rejects(checkKeyAndCsrTargets({ keyPath: path, csrPath: join(folder, '.', 'x.pem') }, true), { code: 'ERR_USAGE' });
});

test('failed csr write removes key', async () => {
  const folder = await createTempDir();
  const blocker = join(folder, 'not-a-folder');
  await writeFile(blocker, 'file');
  const files = { keyPath: join(folder, 'client.key'), csrPath: join(blocker, 'client.csr') };
  await assert.rejects(writeKeyAndCsr(files, content, false));
  assert.equal(existsSync(files.keyPath), false);
});
