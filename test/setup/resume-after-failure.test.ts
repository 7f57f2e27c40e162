import assert from 'node:assert/strict';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { loadSetupState, runSetup, type SetupState } from '../../src/setup/index.ts';
import { sandboxSetupOptions, startTestSandbox } from './helpers.ts';
import { addFault, bindingCount, bindingsNamed, destinationCertificateNames } from './inventory.ts';

const sandbox = await startTestSandbox();
const certificates = '/destination-configuration/v1/subaccountCertificates';
const allSteps = ['certificate', 'binding', 'verify', 'artefacts'];

interface Scenario {
  title: string;
  base: string;
  /** Fault SPEC for `sandbox fault add`; `{name}` is replaced by the certificate name. */
  fault: string;
  code: string;
  /** Steps recorded as finished after the failed run. */
  completedAfterFailure: string[];
  /** Steps that the re-run reports as `reused`. */
  reusedOnRerun: string[];
}

// Retries: GET gets 3 more attempts on 5xx, POST none, so `x4` exhausts the retry budget of a GET.
const scenarios: Scenario[] = [
  {
    title: 'generate fails with 500',
    base: 'resume-generate',
    fault: `destination:POST ${certificates}=500`,
    code: 'ERR_DESTINATION_REQUEST_FAILED',
    completedAfterFailure: [],
    reusedOnRerun: [],
  },
  {
    title: 'download fails past retries',
    base: 'resume-download',
    fault: `destination:GET ${certificates}/{name}=503x4`,
    code: 'ERR_DESTINATION_REQUEST_FAILED',
    completedAfterFailure: [],
    reusedOnRerun: ['certificate'],
  },
  {
    title: 'binding creation fails with 500',
    base: 'resume-binding',
    fault: 'service-manager:POST /v1/service_bindings=500',
    code: 'ERR_SM_REQUEST_FAILED',
    completedAfterFailure: ['certificate'],
    reusedOnRerun: ['certificate'],
  },
  {
    title: 'operation poll fails past retries',
    base: 'resume-poll',
    fault: 'service-manager:GET /v1/service_bindings/*=503x4',
    code: 'ERR_SM_REQUEST_FAILED',
    completedAfterFailure: ['certificate'],
    reusedOnRerun: ['certificate', 'binding'],
  },
  {
    title: 'certurl token fails with 500',
    base: 'resume-token',
    fault: 'xsuaa-cert:POST /oauth/token=500',
    code: 'ERR_SETUP_VERIFY_FAILED',
    completedAfterFailure: ['certificate', 'binding'],
    reusedOnRerun: ['certificate', 'binding'],
  },
];

for (const scenario of scenarios) {
  test(`setup resumes after ${scenario.title}`, async () => {
    const certificateName = `${scenario.base}.pem`;
    const options = await sandboxSetupOptions(sandbox, { certificateName });
    const bindingsBefore = await bindingCount(sandbox);

    addFault(sandbox, scenario.fault.replace('{name}', certificateName));
    await assert.rejects(runSetup(options, 'aicore-mtls test'), (error: Error & { code?: string }) => {
      assert.equal(error.code, scenario.code, error.message);
      return true;
    });
    assert.deepEqual(sandbox.faults.list(), [], 'the fault was used up by the failed run');
    const failed = (await loadSetupState(options.outDir)) as SetupState;
    assert.deepEqual(failed.completedSteps, scenario.completedAfterFailure);

    options.events.length = 0;
    const result = await runSetup(options, 'aicore-mtls test');
    assert.deepEqual(result.state.completedSteps, allSteps);
    const reused = options.events.filter((event) => event.status === 'reused').map((event) => event.step);
    assert.deepEqual(reused, scenario.reusedOnRerun);

    assert.deepEqual(await destinationCertificateNames(sandbox, certificateName), [certificateName]);
    const bindings = await bindingsNamed(sandbox, `${scenario.base}-mtls`);
    assert.equal(bindings.length, 1);
    assert.equal(bindings[0]!.id, result.state.binding?.id);
    assert.equal(await bindingCount(sandbox), bindingsBefore + 1);

    const saved = (await loadSetupState(options.outDir)) as SetupState;
    assert.deepEqual(saved.completedSteps, allSteps);
    assert.equal(saved.binding?.status, 'created');
    await access(join(options.outDir, 'strust', `${scenario.base}.p12`));
    await access(join(options.outDir, 'aicore-service-key.json'));
    await access(join(options.outDir, 'setup.json'));
  });
}

test('setup stops at foreign artefact', async () => {
  const options = await sandboxSetupOptions(sandbox, { certificateName: 'resume-files.pem' });
  const foreign = join(options.outDir, 's4-sheet.md');
  await writeFile(foreign, 'written by someone else\n');

  await assert.rejects(runSetup(options, 'aicore-mtls test'), (error: Error & { code?: string; details?: Record<string, unknown> }) => {
    assert.equal(error.code, 'ERR_FILE_EXISTS');
    assert.equal(error.details?.path, foreign);
    return true;
  });
  const failed = (await loadSetupState(options.outDir)) as SetupState;
  assert.deepEqual(failed.completedSteps, ['certificate', 'binding', 'verify']);
  assert.equal(await readFile(foreign, 'utf8'), 'written by someone else\n');
  const recorded = (failed.artefacts ?? []).map((entry) => entry.path);
  assert.ok(recorded.includes(join('strust', 'resume-files.p12')), 'files written before the conflict are recorded');
  assert.ok(!recorded.includes('s4-sheet.md'), 'the foreign file is not recorded');

  await assert.rejects(runSetup(options, 'aicore-mtls test'), { code: 'ERR_FILE_EXISTS' });

  options.events.length = 0;
  const forced = await runSetup({ ...options, force: true }, 'aicore-mtls test');
  assert.deepEqual(forced.state.completedSteps, allSteps);
  assert.match(await readFile(foreign, 'utf8'), /STRUST/);
  assert.deepEqual(await destinationCertificateNames(sandbox, 'resume-files.pem'), ['resume-files.pem']);
  assert.equal((await bindingsNamed(sandbox, 'resume-files-mtls')).length, 1);
});

test('setup resumes without force after removal', async () => {
  const options = await sandboxSetupOptions(sandbox, { certificateName: 'resume-removed.pem' });
  const foreign = join(options.outDir, 's4-sheet.html');
  await writeFile(foreign, '<p>someone else</p>\n');
  await assert.rejects(runSetup(options, 'aicore-mtls test'), { code: 'ERR_FILE_EXISTS' });

  // The files this setup wrote before the conflict are its own, so no --force is needed for them.
  await rm(foreign);
  const result = await runSetup(options, 'aicore-mtls test');
  assert.deepEqual(result.state.completedSteps, allSteps);
  assert.match(await readFile(foreign, 'utf8'), /<html/i);
});
