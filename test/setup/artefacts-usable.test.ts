import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

import { runSetup } from '../../src/setup/index.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { certificatePassword, sandboxSetupOptions, startTestSandbox } from './helpers.ts';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../../', import.meta.url));
const listScenarios = fileURLToPath(new URL('../sandbox/fixtures/list-scenarios.mjs', import.meta.url));

const sandbox = await startTestSandbox();
// Top-level await, not before(): createTempDir registers an after() that would run when a before() hook ends.
const options = await sandboxSetupOptions(sandbox, { certificateName: 'usable.pem' });
const outDir = options.outDir;
const result = await runSetup(options, 'aicore-mtls test');
const caFile = join(await createTempDir('aicore-mtls-ca-'), 'ca.pem');
await writeFile(caFile, sandbox.caCertificatePem);

/** POSTs a client-credentials token request over mTLS with the PKCS#12 as the client identity. */
function tokenWithPfx(url: string, pfx: Buffer, clientid: string): Promise<{ status: number; body: string }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientid }).toString();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url.replace(/\/+$/, '')}/oauth/token`,
      {
        method: 'POST',
        pfx,
        passphrase: certificatePassword,
        ca: sandbox.caCertificatePem,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'content-length': Buffer.byteLength(form) },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(form);
  });
}

test('SAP AI SDK uses service key', async () => {
  const serviceKey = await readFile(join(outDir, 'aicore-service-key.json'), 'utf8');
  const clientid = result.summary.binding.clientid;
  const started = sandbox.requestLog().length;

  // A child process, so that AICORE_SERVICE_KEY and NODE_EXTRA_CA_CERTS apply from its start;
  // asynchronous, because the sandbox serves from this process's event loop.
  const { stdout } = await run(process.execPath, [listScenarios], {
    cwd: repository,
    env: { ...process.env, NODE_OPTIONS: '', AICORE_SERVICE_KEY: serviceKey, NODE_EXTRA_CA_CERTS: caFile },
    timeout: 60_000,
  });

  const listed = JSON.parse(stdout.trim().split('\n').pop()!) as { count: number; ids: string[] };
  assert.ok(listed.ids.includes('foundation-models'), `scenarios: ${listed.ids.join(', ')}`);
  const log = sandbox.requestLog().slice(started);
  const token = log.find((entry) => entry.service === 'xsuaa-cert' && entry.path === '/oauth/token');
  assert.equal(token?.status, 200);
  assert.equal(token?.clientId, clientid);
  assert.match(token?.clientCertificateSubject ?? '', /CN=usable/);
  assert.ok(log.some((entry) => entry.service === 'aicore' && entry.path === '/v2/lm/scenarios' && entry.status === 200));
});

test('STRUST PKCS#12 loads in Node', async () => {
  const pfx = await readFile(join(outDir, 'strust', 'usable.p12'));
  assert.doesNotThrow(() => createSecureContext({ pfx, passphrase: certificatePassword }));
  assert.throws(() => createSecureContext({ pfx, passphrase: 'wrong password' }), /mac verify failure|bad decrypt/i);
});

test('STRUST PKCS#12 gets mTLS token', async () => {
  const pfx = await readFile(join(outDir, 'strust', 'usable.p12'));
  const { certurl, clientid } = result.summary.binding;

  const response = await tokenWithPfx(certurl, pfx, clientid);

  assert.equal(response.status, 200, response.body);
  const body = JSON.parse(response.body) as { access_token?: string; token_type?: string };
  assert.equal(body.token_type, 'bearer');
  assert.match(body.access_token ?? '', /^eyJ/);
});

const openssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).error === undefined;

test('STRUST PKCS#12 read by openssl', { skip: openssl ? false : 'openssl is not installed' }, async () => {
  const file = join(outDir, 'strust', 'usable.p12');
  const { stdout } = await run('openssl', ['pkcs12', '-in', file, '-passin', 'env:P12_PASSWORD', '-nokeys'], {
    env: { ...process.env, P12_PASSWORD: certificatePassword },
  });
  const certificates = stdout.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
  assert.equal(certificates.length, 3);
  assert.match(stdout, /subject=.*CN ?= ?usable/);
});
