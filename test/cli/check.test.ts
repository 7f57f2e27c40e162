import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import type { ClientCertificate } from '../../src/sandbox/index.ts';
import { prepareCheckFixture } from '../check/helpers.ts';
import { runCli, type CliOptions, type CliResult } from '../helpers/run-cli.ts';
import { certificatePassword, startTestSandbox } from '../setup/helpers.ts';

const sandbox = await startTestSandbox();
const fixture = await prepareCheckFixture(sandbox, 'diagnose.pem');
const day = 24 * 3600_000;

/** Every output of this file, searched for secrets by the last test. */
const outputs: string[] = [];
const noEnvironmentKey = { AICORE_SERVICE_KEY: '', VCAP_SERVICES: '' };

async function check(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const result = await runCli(['check', ...args], { ...options, env: { ...noEnvironmentKey, ...options.env } });
  outputs.push(result.stdout, result.stderr);
  return result;
}

async function writeIdentity(name: string, certificate: ClientCertificate): Promise<{ cert: string; key: string }> {
  const cert = join(fixture.workDir, `${name}.pem`);
  const key = join(fixture.workDir, `${name}.key`);
  await writeFile(cert, certificate.chainPem);
  await writeFile(key, certificate.privateKeyPem, { mode: 0o600 });
  return { cert, key };
}

test('check succeeds with stdout result', async () => {
  const { code, stdout, stderr } = await check(['--service-key', fixture.serviceKeyPath, '--ca-file', fixture.caFile]);

  assert.equal(code, 0, stderr);
  assert.match(stdout, /Connection OK over mTLS/);
  assert.doesNotMatch(stderr, /Connection OK|resource-groups/);
  assert.doesNotMatch(stderr, /^error:/m);
});

test('check json with verbose', async () => {
  const { code, stdout, stderr } = await check(['--service-key', fixture.serviceKeyPath, '--ca-file', fixture.caFile, '--json', '--verbose']);

  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout) as { ok: boolean; hops: Array<{ name: string; ok: boolean }>; resourceGroups: string[] };
  assert.equal(result.ok, true);
  assert.deepEqual(result.hops.map((hop) => hop.name), ['token', 'resource-groups', 'scenarios']);
  assert.deepEqual(result.resourceGroups, ['default']);
  assert.match(stderr, /^debug: xsuaa: token request/m);
});

test('check token from url exits 3', async () => {
  const url = String(fixture.serviceKey.url);
  const { code, stdout, stderr } = await check(['--service-key', fixture.serviceKeyPath, '--ca-file', fixture.caFile, '--token-url', url]);

  assert.equal(code, 3, stderr + stdout);
  assert.match(stdout, /^TOKEN_URL_NOT_CERTURL: /m);
  assert.match(stdout, /Unsupported instance credential/);
  assert.match(stdout, new RegExp(`^FAIL token .*POST ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/oauth/token`, 'm'));
});

test('check key without private key exits 4', async () => {
  const { code, stdout, stderr } = await check(['--service-key', fixture.bindingCredentialsPath, '--ca-file', fixture.caFile]);

  assert.equal(code, 4, stderr + stdout);
  assert.match(stdout, /^CLIENT_CERTIFICATE_NOT_PRESENTED: /m);
  assert.match(stdout, /an x509 key without "key"/);
});

test('check unbound certificate exits 5', async () => {
  const other = await sandbox.issueClientCertificate({ subject: 'CN=not-bound, O=aicore-mtls tests, C=DE' });
  const identity = await writeIdentity('not-bound', other);
  const { code, stdout, stderr } = await check(['--service-key', fixture.bindingCredentialsPath, '--cert', identity.cert, '--key', identity.key, '--ca-file', fixture.caFile]);

  assert.equal(code, 5, stderr + stdout);
  assert.match(stdout, /^CLIENT_CERTIFICATE_REJECTED: /m);
  assert.match(stdout, /identity presented: CN=not-bound/);
});

test('check untrusted server exits 6', async () => {
  const { code, stdout, stderr } = await check(['--service-key', fixture.serviceKeyPath], { env: { NODE_EXTRA_CA_CERTS: '' } });

  assert.equal(code, 6, stderr + stdout);
  assert.match(stdout, /^SERVER_UNTRUSTED: /m);
});

test('check unknown resource group exits 8', async () => {
  const { code, stdout, stderr } = await check(['--service-key', fixture.serviceKeyPath, '--ca-file', fixture.caFile, '--resource-group', 'no-such-group', '--json']);

  assert.equal(code, 8, stderr + stdout);
  const result = JSON.parse(stdout) as { ok: boolean; diagnosis: { code: string; evidence: string[] } };
  assert.equal(result.ok, false);
  assert.equal(result.diagnosis.code, 'AICORE_RESOURCE_GROUP_NOT_FOUND');
  assert.match(result.diagnosis.evidence.join('\n'), /lists default/);
});

test('check expired certificate exits 10', async () => {
  const now = Date.now();
  const expired = await sandbox.issueClientCertificate({ subject: 'CN=diagnose-expired, O=aicore-mtls tests, C=DE', notBefore: new Date(now - 400 * day), notAfter: new Date(now - 30 * day) });
  const identity = await writeIdentity('expired', expired);
  const started = sandbox.requestLog().length;
  const { code, stdout, stderr } = await check(['--service-key', fixture.bindingCredentialsPath, '--cert', identity.cert, '--key', identity.key, '--ca-file', fixture.caFile, '--json']);

  assert.equal(code, 10, stderr + stdout);
  const result = JSON.parse(stdout) as { diagnosis: { code: string }; hops: unknown[] };
  assert.equal(result.diagnosis.code, 'CERTIFICATE_EXPIRED');
  assert.deepEqual(result.hops, [], 'no request before the offline check');
  assert.equal(sandbox.requestLog().length, started, 'the sandbox saw no request');
});

test('check bundle with password file', async () => {
  const { code, stderr } = await check(['--service-key', fixture.bindingCredentialsPath, '--bundle', fixture.p12Path, '--password-file', fixture.passwordFile, '--ca-file', fixture.caFile, '--verbose']);

  assert.equal(code, 0, stderr);
});

test('check usage error on stderr', async () => {
  const { code, stdout, stderr } = await check(['--service-key', fixture.serviceKeyPath, '--bundle', fixture.p12Path, '--cert', fixture.certificatePath]);

  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /^error: --bundle cannot be combined with --cert or --key \[ERR_USAGE\]/m);
});

test('check output contains no secrets', () => {
  const keyBody = String(fixture.serviceKey.key).split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
  const secrets = [
    ['private key line', keyBody[1]!],
    ['certificate password', certificatePassword],
    ['Destination client secret', String(sandbox.destinationServiceKey.clientsecret)],
    ['Service Manager client secret', String(sandbox.serviceManagerKey.clientsecret)],
  ] as const;
  const all = outputs.join('\n');

  assert.ok(outputs.length >= 20, `${outputs.length / 2} runs collected`);
  for (const [what, secret] of secrets) {
    assert.ok(secret.length >= 16, `${what} is long enough to search for`);
    assert.ok(!all.includes(secret), `${what} appears in the output`);
  }
  assert.doesNotMatch(all, /PRIVATE KEY/);
  assert.doesNotMatch(all, /eyJ[A-Za-z0-9_-]{10,}\.eyJ/, 'no JWT access token');
});
