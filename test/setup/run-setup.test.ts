import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { readPkcs12 } from '../../src/pkcs12/index.ts';
import { fixedPassword } from '../../src/password.ts';
import { runSetup } from '../../src/setup/index.ts';
import { certificatePassword, sandboxSetupOptions, startTestSandbox } from './helpers.ts';

const sandbox = await startTestSandbox();

test('setup happy path writes artefacts', async () => {
  const options = await sandboxSetupOptions(sandbox);
  const result = await runSetup(options, 'aicore-mtls test');

  assert.deepEqual(result.state.completedSteps, ['certificate', 'binding', 'verify', 'artefacts']);
  assert.ok(result.state.binding?.id, 'binding id recorded');
  assert.ok((result.state.verification?.resourceGroups ?? []).includes('default'));

  const p12 = await readFile(join(options.outDir, 'strust', 'islm-mtls.p12'));
  const contents = await readPkcs12(p12, fixedPassword(certificatePassword));
  assert.equal(contents.algorithms.profile, 'strust');
  assert.equal(contents.keys.length, 1);
  assert.equal(contents.certificates.length, 3);
  assert.equal((await stat(join(options.outDir, 'strust', 'islm-mtls.p12'))).mode & 0o777, 0o600);
  assert.equal((await stat(join(options.outDir, 'aicore-service-key.json'))).mode & 0o777, 0o600);

  const serviceKey = JSON.parse(await readFile(join(options.outDir, 'aicore-service-key.json'), 'utf8'));
  assert.equal(serviceKey['credential-type'], 'x509');
  assert.match(serviceKey.key, /BEGIN PRIVATE KEY/);

  const summaryText = await readFile(join(options.outDir, 'setup.json'), 'utf8');
  assert.doesNotMatch(summaryText, /PRIVATE KEY/);
  assert.ok(!summaryText.includes(certificatePassword), 'no password in setup.json');
  const sheet = await readFile(join(options.outDir, 's4-sheet.md'), 'utf8');
  assert.ok(sheet.includes(serviceKey.clientid), 'sheet names the clientid');
});

test('setup re-run reuses certificate and binding', async () => {
  const options = await sandboxSetupOptions(sandbox, { certificateName: 'rerun.pem' });
  const first = await runSetup(options, 'aicore-mtls test');
  options.events.length = 0;
  const second = await runSetup(options, 'aicore-mtls test');

  assert.equal(second.state.binding?.id, first.state.binding?.id);
  assert.equal(second.state.certificate?.sha256, first.state.certificate?.sha256);
  const reused = options.events.filter((event) => event.status === 'reused').map((event) => event.step);
  assert.deepEqual(reused, ['certificate', 'binding']);
});

test('setup re-run keeps STRUST files unchanged', async () => {
  const options = await sandboxSetupOptions(sandbox, { certificateName: 'stable.pem' });
  await runSetup(options, 'aicore-mtls test');
  const p12Path = join(options.outDir, 'strust', 'stable.p12');
  const before = await readFile(p12Path);
  await runSetup(options, 'aicore-mtls test');
  const after = await readFile(p12Path);
  assert.ok(before.equals(after), 'the .p12 of the re-run is byte-identical');
});
