import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { FileExistsError } from '../../src/errors.ts';
import { writeFileAtomic } from '../../src/fs/atomic-write.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

test('atomic write creates file with mode', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'key.pem');
  await writeFileAtomic(path, 'secret', { mode: 0o600 });
  assert.equal(await readFile(path, 'utf8'), 'secret');
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(folder), ['key.pem'], 'no temporary file is left behind');
});

test('atomic write refuses to overwrite', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'out.txt');
  await writeFile(path, 'original');
  await assert.rejects(writeFileAtomic(path, 'new'), (error: unknown) => {
    assert.ok(error instanceof FileExistsError);
    assert.equal(error.code, 'ERR_FILE_EXISTS');
    assert.match(error.fix ?? '', /--force/);
    return true;
  });
  assert.equal(await readFile(path, 'utf8'), 'original');
  assert.deepEqual(await readdir(folder), ['out.txt']);
});

test('atomic write overwrites with overwrite option', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'out.txt');
  await writeFile(path, 'original', { mode: 0o644 });
  await writeFileAtomic(path, 'replaced', { overwrite: true, mode: 0o600 });
  assert.equal(await readFile(path, 'utf8'), 'replaced');
  assert.equal((await stat(path)).mode & 0o777, 0o600);
});
