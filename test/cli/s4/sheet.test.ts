import assert from 'node:assert/strict';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { createTestPki, type TestPki } from '../../helpers/pki.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { createTempDir } from '../../helpers/temp-dir.ts';
import { closedPort, startTlsServer } from '../../s4/tls-server.ts';

const clientid = 'sb-3f1c9a2e-77d4-4b8e-9c61-0a5d2e8f4b17!b482113|aicore!b540';
const password = 'Ex4mple-bundle-pass!';

function serviceKey(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientid,
    url: 'https://acme-prod.authentication.eu10.hana.ondemand.com/',
    certurl: 'https://acme-prod.authentication.cert.eu10.hana.ondemand.com',
    'credential-type': 'x509',
    identityzone: 'acme-prod',
    serviceurls: { AI_API_URL: 'https://api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com' },
    ...overrides,
  };
}

async function writeKey(name: string, content: Record<string, unknown>): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, JSON.stringify(content, null, 2));
  return path;
}

const folder = await createTempDir();
const pki: TestPki = await createTestPki({ keyType: 'rsa-2048', leafSubject: 'CN=islm-mtls, OU=Clients, O=aicore-mtls tests, C=DE' });
const encryptedKey = createPrivateKey(pki.leaf.privateKeyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password });
const bundleFile = join(folder, 'islm-strust.pem');
await writeFile(bundleFile, `${encryptedKey}${pki.leaf.certificatePem}${pki.intermediate.certificatePem}${pki.root.certificatePem}`);
const passwordFile = join(folder, 'islm-strust.password');
await writeFile(passwordFile, `${password}\n`);
const keyFile = await writeKey('aicore-key.json', serviceKey({ certificate: pki.leaf.certificatePem + pki.intermediate.certificatePem }));

test('markdown sheet on stdout', async () => {
  const result = await runCli(['s4', 'sheet', '--service-key', keyFile]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.includes(`\`${clientid}\``));
  assert.ok(result.stdout.includes('`acme-prod.authentication.eu10.hana.ondemand.com/oauth/token`'));
  assert.ok(result.stdout.includes('`acme-prod.authentication.cert.eu10.hana.ondemand.com/oauth/token`'));
  assert.ok(result.stdout.includes('- **Host:** `api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com`'));
  assert.match(result.stdout, /^# S\/4HANA configuration sheet/);
  assert.match(result.stderr, /warning: No import file was given/);
});

test('bundle fills import and certificate', async () => {
  const result = await runCli(['s4', 'sheet', '--service-key', keyFile, '--bundle', bundleFile, '--password-file', passwordFile, '--auto-renew', 'on', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const document = JSON.parse(result.stdout);
  const values = document.sheet.values as Record<string, string>;
  const bytes = await readFile(bundleFile);
  assert.equal(values['strust.importFile.sha256'], createHash('sha256').update(bytes).digest('hex'));
  assert.equal(values['strust.importFile.path'], bundleFile);
  assert.equal(values['strust.ownCertificate.sha256'], new X509Certificate(pki.leaf.certificatePem).fingerprint256);
  assert.equal(values['strust.ownCertificate.subject'], 'C=DE, O=aicore-mtls tests, OU=Clients, CN=islm-mtls');
  assert.equal(values['strust.importFile.contents'], 'encrypted private key + 3 certificates');
  assert.ok(values['renewal.btpRenewal']);
  const passwordField = document.sheet.steps
    .flatMap((step: { groups: Array<{ fields: Array<{ id: string; placeholder?: string }> }> }) => step.groups.flatMap((group) => group.fields))
    .find((field: { id: string }) => field.id === 'strust.importFile.password');
  assert.equal(passwordField.placeholder, `in the file ${passwordFile}`);
  assert.ok(!result.stdout.includes(password), 'password leaked to stdout');
  assert.ok(!result.stderr.includes(password), 'password leaked to stderr');
  assert.doesNotMatch(result.stderr, /does not match the certificate of the service key/);
});

test('encrypted bundle without password', async () => {
  const result = await runCli(['s4', 'sheet', '--service-key', keyFile, '--bundle', bundleFile]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /ERR_PASSWORD_MISSING/);
  assert.equal(result.stdout, '');
});

test('bundle of another certificate warns', async () => {
  const other = await createTestPki({ leafSubject: 'CN=someone-else, O=aicore-mtls tests, C=DE' });
  const otherKey = await writeKey('other-key.json', serviceKey({ certificate: other.leaf.certificatePem }));
  const result = await runCli(['s4', 'sheet', '--service-key', otherKey, '--bundle', bundleFile, '--password-env', 'S4_BUNDLE_PASSWORD'], {
    env: { S4_BUNDLE_PASSWORD: password },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /does not match the certificate of the service key/);
  assert.match(result.stdout, /it is in the environment variable `S4_BUNDLE_PASSWORD`/);
  assert.ok(!result.stdout.includes(password));
});

test('out needs force to replace', async () => {
  const out = join(folder, 'sheet.html');
  await writeFile(out, 'existing');
  const refused = await runCli(['s4', 'sheet', '--service-key', keyFile, '--out', out]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /already exists \[ERR_FILE_EXISTS\]/);
  assert.equal(await readFile(out, 'utf8'), 'existing');

  const forced = await runCli(['s4', 'sheet', '--service-key', keyFile, '--out', out, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(forced.stdout, '');
  const html = await readFile(out, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes(`data-value="${clientid}"`));
  assert.match(forced.stderr, /wrote the html sheet to/);
});

test('json to file with roots', async () => {
  const out = join(folder, 'json-run', 'sheet.json');
  const result = await runCli(['s4', 'sheet', '--service-key', keyFile, '--out', out, '--write-roots', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const document = JSON.parse(result.stdout);
  assert.equal(document.ok, true);
  assert.equal(document.format, 'json');
  assert.equal(document.out, out);
  const written = await readFile(out, 'utf8');
  assert.equal(document.sha256, createHash('sha256').update(written).digest('hex'));
  assert.equal(JSON.parse(written).values['oa2c.clientId'], clientid);
  const rootFile = join(folder, 'json-run', 'DigiCertGlobalRootG2.pem');
  assert.deepEqual(document.rootFiles.map((file: { path: string }) => file.path), [rootFile]);
  assert.equal(new X509Certificate(await readFile(rootFile)).fingerprint256, 'CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F');
  assert.equal((await stat(rootFile)).mode & 0o777, 0o644);
  assert.equal(JSON.parse(written).values['strust.identityRoot.file'], rootFile);
});

test('json with md format and no out', async () => {
  const result = await runCli(['s4', 'sheet', '--service-key', keyFile, '--format', 'md', '--json']);
  assert.equal(result.code, 2);
  const document = JSON.parse(result.stdout);
  assert.equal(document.ok, false);
  assert.equal(document.error.code, 'ERR_USAGE');
});

test('write-roots without folder or out', async () => {
  const result = await runCli(['s4', 'sheet', '--service-key', keyFile, '--write-roots']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--write-roots without a folder needs --out/);
});

test('invalid identity is usage error', async () => {
  const result = await runCli(['s4', 'sheet', '--service-key', keyFile, '--identity', 'DFAULT']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /STRUST identity "DFAULT" is invalid/);
  assert.match(result.stderr, /ERR_S4_NAME_INVALID/);
});

test('long identity warns only', async () => {
  const result = await runCli(['s4', 'sheet', '--service-key', keyFile, '--identity', 'ISLMMTLS']);
  assert.equal(result.code, 0);
  assert.match(result.stderr, /warning: The STRUST identity "ISLMMTLS" has 8 characters/);
  assert.match(result.stdout, /- \*\*SSL Client PSE:\*\* `ISLMMTLS`/);
});

test('secret-only key is rejected', async () => {
  const secretKey = await writeKey('secret-key.json', { clientid, clientsecret: 'not-for-the-sheet', url: 'https://acme-prod.authentication.eu10.hana.ondemand.com', serviceurls: { AI_API_URL: 'https://api.ai.example' } });
  const result = await runCli(['s4', 'sheet', '--service-key', secretKey]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /ERR_CREDENTIALS_/);
  assert.ok(!result.stderr.includes('not-for-the-sheet'));
});

test('key without AI_API_URL is rejected', async () => {
  const incomplete = await writeKey('no-api-url.json', serviceKey({ serviceurls: {} }));
  const result = await runCli(['s4', 'sheet', '--service-key', incomplete]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /not SAP AI Core credentials \[ERR_CREDENTIALS_WRONG_SERVICE\]/);
  assert.match(result.stderr, /serviceurls\.AI_API_URL/);
});

test('probe names observed roots', async () => {
  const tokenHost = await startTlsServer({ requireClientCertificate: true });
  const apiHost = await startTlsServer();
  const caFile = join(folder, 'test-roots.pem');
  await writeFile(caFile, tokenHost.pki.root.certificatePem + apiHost.pki.root.certificatePem);
  const localKey = await writeKey(
    'local-key.json',
    serviceKey({ certurl: `https://127.0.0.1:${tokenHost.port}`, serviceurls: { AI_API_URL: `https://localhost:${apiHost.port}` } }),
  );
  const out = join(folder, 'probe', 'sheet.md');
  const result = await runCli(['s4', 'sheet', '--service-key', localKey, '--probe', '--ca-file', caFile, '--out', out, '--write-roots', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const document = JSON.parse(result.stdout);
  const roots = document.sheet.roots as Array<{ pse: string; status: string; sha256Fingerprint: string; file: string }>;
  assert.deepEqual(roots.map((root) => [root.pse, root.status]), [['identity', 'observed'], ['DFAULT', 'observed']]);
  assert.equal(roots[0]!.sha256Fingerprint, new X509Certificate(tokenHost.pki.root.certificatePem).fingerprint256);
  assert.equal(roots[1]!.sha256Fingerprint, new X509Certificate(apiHost.pki.root.certificatePem).fingerprint256);
  assert.equal(document.rootFiles.length, 2);
  assert.notEqual(document.rootFiles[0].path, document.rootFiles[1].path);
  assert.equal(new X509Certificate(await readFile(roots[1]!.file)).fingerprint256, roots[1]!.sha256Fingerprint);
  assert.equal(document.sheet.values['sm59.port'], String(apiHost.port));
  assert.equal(document.sheet.values['oa2c.mtlsTokenEndpointAlias'], `127.0.0.1:${tokenHost.port}/oauth/token`);
  assert.match(await readFile(out, 'utf8'), /\*\*Root for DFAULT\*\* \(observed\)/);
});

test('failed probe exits 3 with sheet', async () => {
  const apiHost = await startTlsServer();
  const port = await closedPort();
  const caFile = join(folder, 'api-root.pem');
  await writeFile(caFile, apiHost.pki.root.certificatePem);
  const localKey = await writeKey('failing-key.json', serviceKey({ certurl: `https://127.0.0.1:${port}`, serviceurls: { AI_API_URL: `https://127.0.0.1:${apiHost.port}` } }));
  const out = join(folder, 'failed-probe.md');
  const result = await runCli(['s4', 'sheet', '--service-key', localKey, '--probe', '--ca-file', caFile, '--out', out]);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /TLS probe of 127\.0\.0\.1:\d+ failed: the connection failed \(ECONNREFUSED\)/);
  const sheet = await readFile(out, 'utf8');
  assert.match(sheet, /\*\*Root for the identity PSE\*\* \(expected\)/);
  assert.match(sheet, /\*\*Root for DFAULT\*\* \(observed\)/);
});

test('help shows examples and exit codes', async () => {
  const result = await runCli(['s4', 'sheet', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /Examples:/);
  assert.match(result.stdout, /Exit codes:/);
  assert.match(result.stdout, /3 +--probe could not read/);
  assert.match(result.stdout, /--write-roots \[dir\]/);
});

test('key without url is rejected', async () => {
  const { url: _url, ...rest } = serviceKey();
  const incomplete = await writeKey('no-url.json', rest);
  const result = await runCli(['s4', 'sheet', '--service-key', incomplete]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /has no "url" \[ERR_S4_SHEET_INPUT\]/);
  assert.match(result.stderr, /fix: .*needs "url"/);
});
