import assert from 'node:assert/strict';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { certificatePassword, startTestSandbox } from '../setup/helpers.ts';
import { bindingsNamed, destinationCertificateNames } from '../setup/inventory.ts';

const sandbox = await startTestSandbox();
const work = await createTempDir('aicore-mtls-cli-setup-');
const files = {
  destinationKey: join(work, 'destination-key.json'),
  serviceManagerKey: join(work, 'service-manager-key.json'),
  ca: join(work, 'ca.pem'),
  password: join(work, 'certificate.pass'),
};
await writeFile(files.destinationKey, JSON.stringify(sandbox.destinationServiceKey, null, 2), { mode: 0o600 });
await writeFile(files.serviceManagerKey, JSON.stringify(sandbox.serviceManagerKey, null, 2), { mode: 0o600 });
await writeFile(files.ca, sandbox.caCertificatePem);
await writeFile(files.password, `${certificatePassword}\n`, { mode: 0o600 });

const destinationSecret = String(sandbox.destinationServiceKey.clientsecret);
const serviceManagerSecret = String(sandbox.serviceManagerKey.clientsecret);

/** Runs `setup` with the sandbox keys and CA; `extra` adds or overrides options. */
function setup(out: string, extra: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const args = [
    'setup',
    '--destination-key', files.destinationKey,
    '--service-manager-key', files.serviceManagerKey,
    '--instance', sandbox.aicoreInstanceName,
    '--out', out,
    '--ca-file', files.ca,
    ...extra,
  ];
  return runCli(args, { env });
}

function assertNoSecrets(result: CliResult): void {
  const all = result.stdout + result.stderr;
  assert.ok(!all.includes(destinationSecret), 'Destination client secret in the output');
  assert.ok(!all.includes(serviceManagerSecret), 'Service Manager client secret in the output');
  assert.ok(!all.includes(certificatePassword), 'certificate password in the output');
  assert.doesNotMatch(all, /PRIVATE KEY/);
}

test('setup CLI end to end', async () => {
  const out = join(work, 'first');
  const result = await setup(out, ['--cert-name', 'cli-first', '--password-file', files.password]);

  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Setup complete\./);
  assert.match(result.stdout, /binding {6}cli-first-mtls \(/);
  assert.match(result.stderr, /^\[1\/5\] certificate: /m);
  assert.match(result.stderr, /^\[5\/5\] artefacts: /m);
  assert.doesNotMatch(result.stdout, /^\[\d\/5\]/m, 'progress stays on stderr');
  assertNoSecrets(result);
  await access(join(out, 'strust', 'cli-first.p12'));
  await access(join(out, 'aicore-service-key.json'));
  assert.deepEqual(await destinationCertificateNames(sandbox, 'cli-first.pem'), ['cli-first.pem']);

  const again = await setup(out, ['--cert-name', 'cli-first', '--password-file', files.password]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /reused: certificate "cli-first\.pem" was created by an earlier run/);
  assert.match(again.stderr, /reused: binding "cli-first-mtls" \([0-9a-f-]+\) already exists/);
  assert.equal((await bindingsNamed(sandbox, 'cli-first-mtls')).length, 1);
  assertNoSecrets(again);
});

test('setup CLI json summary', async () => {
  const out = join(work, 'json');
  const result = await setup(out, ['--cert-name', 'cli-json.pem', '--password-file', files.password, '--json']);

  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as { certificate: { name: string }; binding: { name: string; clientid: string; certurl: string }; verification: { resourceGroups: string[] } };
  assert.equal(summary.certificate.name, 'cli-json.pem');
  assert.equal(summary.binding.name, 'cli-json-mtls');
  assert.match(summary.binding.clientid, /\|aicore!/);
  assert.deepEqual(summary.verification.resourceGroups, ['default']);
  assert.match(result.stderr, /^\[3\/5\] binding: /m);
  assertNoSecrets(result);
});

test('setup CLI dry run sends nothing', async () => {
  const out = join(work, 'dry-run');
  const before = sandbox.requestLog().length;
  const result = await setup(out, ['--cert-name', 'cli-dry', '--password-file', files.password, '--dry-run']);

  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Dry run: nothing is sent and nothing is written/);
  assert.match(result.stdout, /\[certificate\] POST https:\/\/127\.0\.0\.1:\d+\/oauth\/token\n {6}body: grant_type=client_credentials&client_id=[^&]+&client_secret=\[redacted\]/);
  assert.match(result.stdout, /"Password":"\[redacted\]"/);
  assert.match(result.stdout, /\[binding\] POST https:\/\/127\.0\.0\.1:\d+\/v1\/service_bindings\n/);
  assertNoSecrets(result);
  assert.equal(sandbox.requestLog().length, before, 'no request reached the sandbox');
  await assert.rejects(access(out), { code: 'ENOENT' });
});

test('setup CLI without password', async () => {
  const out = join(work, 'no-password');
  const before = sandbox.requestLog().length;
  const result = await setup(out, ['--cert-name', 'cli-no-password']);

  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /^error: no password was given for the client certificate "cli-no-password\.pem" \[ERR_PASSWORD_MISSING\]/m);
  assert.match(result.stderr, /fix: .*--password-file FILE or --password-env NAME/);
  assert.equal(result.stdout, '');
  const destinationRequests = sandbox.requestLog().slice(before).filter((entry) => entry.service === 'destination');
  assert.deepEqual(destinationRequests, []);
  assert.deepEqual(await destinationCertificateNames(sandbox, 'cli-no-password.pem'), []);
});

test('setup CLI existing unknown name', async () => {
  const out = join(work, 'existing');
  const result = await setup(out, ['--cert-name', 'no-such-certificate.pem', '--existing', '--password-env', 'CERT_PASSWORD'], { CERT_PASSWORD: certificatePassword });

  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^error: --existing was given, but the Destination service has no certificate "no-such-certificate\.pem" \[ERR_SETUP_CERTIFICATE_MISSING\]/m);
  assert.match(result.stderr, /fix: Check the name in the BTP cockpit/);
  assertNoSecrets(result);
  const state = JSON.parse(await readFile(join(out, 'setup-state.json'), 'utf8')) as { completedSteps: string[] };
  assert.deepEqual(state.completedSteps, []);
});
