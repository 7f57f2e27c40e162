import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';

import { parseCertificatePem } from '../../../src/binding/certificate-pem.ts';
import { encodePrivateKeyPem } from '../../../src/csr/private-key-pem.ts';
import { issueCertificate } from '../../../src/x509/certificate-authority.ts';
import { createTestPki, type TestPki } from '../../helpers/pki.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { createTempDir } from '../../helpers/temp-dir.ts';

const run = promisify(execFile);
const openssl = '/usr/bin/openssl';
const hasOpenssl = existsSync(openssl);
let pki: TestPki;
const folder = await createTempDir();
let chainPem: string;
let chainDers: Buffer[];

before(async () => {
  pki = await createTestPki({ keyType: 'rsa-2048' });
  chainPem = pki.leaf.certificatePem + pki.intermediate.certificatePem + pki.root.certificatePem;
  chainDers = [pki.leaf, pki.intermediate, pki.root].map((issued) => Buffer.from(issued.certificate.rawData));
});

async function input(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

function certificateOf(parameters: unknown, path: 'xsuaa' | 'top'): string {
  const level = path === 'xsuaa' ? (parameters as { xsuaa: unknown }).xsuaa : parameters;
  return (level as { x509: { certificate: string } }).x509.certificate;
}

function assertNoKeyMaterial(text: string): void {
  assert.doesNotMatch(text, /PRIVATE KEY/);
  const keyBody = pki.leaf.privateKeyPem.split('\n')[1]!;
  assert.equal(text.includes(keyBody), false);
}

test('params default aicore file', async () => {
  const source = await input('chain.pem', chainPem);
  const out = join(folder, 'aicore.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 0, result.stderr);

  const text = await readFile(out, 'utf8');
  const parameters = JSON.parse(text);
  assert.deepEqual(Object.keys(parameters), ['xsuaa']);
  assert.equal(parameters.xsuaa['credential-type'], 'x509');
  assert.equal(parameters.xsuaa.x509['certificate-pinning'], false);
  assert.equal(parameters.xsuaa.x509['hide-certificate'], false);
  assert.equal(parameters.xsuaa.x509['ensure-uniqueness'], false);
  const ders = parseCertificatePem(certificateOf(parameters, 'xsuaa'));
  assert.deepEqual(ders.map((der) => Buffer.from(der).toString('hex')), chainDers.map((der) => der.toString('hex')));
  assert.equal((await stat(out)).mode & 0o777, 0o644);

  assert.match(result.stdout, /leaf subject: +C=DE,O=aicore-mtls tests,OU=Clients,CN=test-client/);
  assert.match(result.stdout, /leaf issuer: +C=DE,O=aicore-mtls tests,CN=Test Client CA/);
  assert.match(result.stdout, /leaf notAfter: +\d{4}-\d{2}-\d{2}T/);
  assert.match(result.stdout, /3 \(leaf, intermediate, root\)/);
  assert.match(result.stdout, /round trip: +verified/);
  assert.match(result.stdout, /same subject and issuer DN keeps working/);
  assert.ok(result.stdout.includes(`btp create services/binding --subaccount <SA_ID> --binding <NAME> --instance-name <INSTANCE> --parameters ${out}`));
  assert.ok(result.stdout.includes(`cf create-service-key <INSTANCE> <KEY> -c ${out}`));
  assert.match(result.stdout, /never inline JSON/);
  assert.match(result.stdout, /PowerShell: --parameters 'C:\\SAP files\\aicore\.json'/);
  assert.match(result.stderr, /warning: the chain ends at the root .* not a CA XSUAA documents as trusted/);
});

test('params xsuaa at top level', async () => {
  const source = await input('chain-xsuaa.pem', chainPem);
  const out = join(folder, 'xsuaa.json');
  const result = await runCli(['binding', 'params', source, '--service', 'xsuaa', '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  const parameters = JSON.parse(await readFile(out, 'utf8'));
  assert.deepEqual(Object.keys(parameters), ['credential-type', 'x509']);
  assert.equal(parseCertificatePem(certificateOf(parameters, 'top')).length, 3);
});

test('params destination under xsuaa', async () => {
  const source = await input('chain-destination.pem', chainPem);
  const out = join(folder, 'destination.json');
  const result = await runCli(['binding', 'params', source, '--service', 'destination', '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Wrote Destination service binding parameters/);
  assert.deepEqual(Object.keys(JSON.parse(await readFile(out, 'utf8'))), ['xsuaa']);
});

test('params leaves out the key', async () => {
  const source = await input('bundle.pem', pki.leaf.privateKeyPem + chainPem);
  const out = join(folder, 'no-key.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  const text = await readFile(out, 'utf8');
  assertNoKeyMaterial(text);
  assertNoKeyMaterial(result.stdout);
  assertNoKeyMaterial(result.stderr);
  assert.match(result.stderr, /left out 1 private key\(s\)/);
  assert.equal(parseCertificatePem(certificateOf(JSON.parse(text), 'xsuaa')).length, 3);
});

test('params encrypted key needs password', async () => {
  const source = await input('encrypted.pem', encodePrivateKeyPem(pki.leaf.privateKey, 'bundle-secret') + chainPem);
  const out = join(folder, 'encrypted.json');
  const missing = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /ERR_PASSWORD_MISSING/);
  assert.match(missing.stderr, /never include a private key/);
  assert.equal(existsSync(out), false);

  const withPassword = await runCli(['binding', 'params', source, '--out', out, '--password-env', 'BUNDLE_PW'], { env: { BUNDLE_PW: 'bundle-secret' } });
  assert.equal(withPassword.code, 0, withPassword.stderr);
  assertNoKeyMaterial(await readFile(out, 'utf8'));
  assert.equal(withPassword.stdout.includes('bundle-secret'), false);
  assert.equal(withPassword.stderr.includes('bundle-secret'), false);
});

test('params crlf and bom input', async () => {
  const crlf = await input('crlf.pem', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(chainPem.replace(/\n/g, '\r\n'))]));
  const out = join(folder, 'crlf.json');
  const result = await runCli(['binding', 'params', crlf, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  const text = await readFile(out, 'utf8');
  assert.doesNotMatch(text, /\r|\\r|\uFEFF|\\ufeff/i);
  assert.match(result.stderr, /note: .*CRLF/);
  assert.match(result.stderr, /note: .*(BOM|byte order mark)/i);
  const ders = parseCertificatePem(certificateOf(JSON.parse(text), 'xsuaa'));
  assert.deepEqual(ders.map((der) => Buffer.from(der).toString('hex')), chainDers.map((der) => der.toString('hex')));
});

test('params utf-16 input', async () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(chainPem.replace(/\n/g, '\r\n'), 'utf16le')]);
  const source = await input('utf16.pem', utf16);
  const out = join(folder, 'utf16.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(parseCertificatePem(certificateOf(JSON.parse(await readFile(out, 'utf8')), 'xsuaa')).length, 3);
});

test('params escaped newline input', async () => {
  const oneLine = chainPem.trimEnd().replace(/\n/g, '\\n');
  const source = await input('escaped.pem', oneLine);
  const out = join(folder, 'escaped.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /note: replaced literal "\\n" sequences with line breaks/);
  const text = await readFile(out, 'utf8');
  assert.doesNotMatch(text, /\\\\n/);
  const ders = parseCertificatePem(certificateOf(JSON.parse(text), 'xsuaa'));
  assert.deepEqual(ders.map((der) => Buffer.from(der).toString('hex')), chainDers.map((der) => der.toString('hex')));
});

test('params destination certificate object', async () => {
  const content = Buffer.from(encodePrivateKeyPem(pki.leaf.privateKey, 'object-secret') + chainPem).toString('base64');
  const source = await input('destination-object.json', JSON.stringify({ Name: 'islm.pem', Type: 'CERTIFICATE', Content: content }));
  const out = join(folder, 'destination-object-params.json');
  const result = await runCli(['binding', 'params', source, '--out', out, '--password-env', 'OBJECT_PW'], { env: { OBJECT_PW: 'object-secret' } });
  assert.equal(result.code, 0, result.stderr);
  const text = await readFile(out, 'utf8');
  assertNoKeyMaterial(text);
  const ders = parseCertificatePem(certificateOf(JSON.parse(text), 'xsuaa'));
  assert.deepEqual(ders.map((der) => Buffer.from(der).toString('hex')), chainDers.map((der) => der.toString('hex')));
});

test('params reads openssl pkcs12', { skip: !hasOpenssl && 'no /usr/bin/openssl' }, async () => {
  const leafPath = await input('p12-leaf.pem', pki.leaf.certificatePem);
  const keyPath = await input('p12-leaf.key', pki.leaf.privateKeyPem);
  const caPath = await input('p12-ca.pem', pki.intermediate.certificatePem + pki.root.certificatePem);
  const p12Path = join(folder, 'client.p12');
  await run(openssl, ['pkcs12', '-export', '-in', leafPath, '-inkey', keyPath, '-certfile', caPath, '-out', p12Path, '-passout', 'pass:p12-secret']);

  const out = join(folder, 'p12.json');
  const result = await runCli(['binding', 'params', p12Path, '--out', out, '--password-env', 'P12_PW'], { env: { P12_PW: 'p12-secret' } });
  assert.equal(result.code, 0, result.stderr);
  const ders = parseCertificatePem(certificateOf(JSON.parse(await readFile(out, 'utf8')), 'xsuaa'));
  assert.deepEqual(ders.map((der) => Buffer.from(der).toString('hex')), chainDers.map((der) => der.toString('hex')));
  assert.equal(result.stderr.includes('p12-secret'), false);
});

test('params reorders chain leaf first', async () => {
  const source = await input('reversed.pem', pki.root.certificatePem + pki.intermediate.certificatePem + pki.leaf.certificatePem);
  const out = join(folder, 'reordered.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /another order/);
  const ders = parseCertificatePem(certificateOf(JSON.parse(await readFile(out, 'utf8')), 'xsuaa'));
  assert.ok(Buffer.from(ders[0]!).equals(chainDers[0]!));
  assert.ok(Buffer.from(ders[2]!).equals(chainDers[2]!));
});

test('params drops duplicates with warning', async () => {
  const source = await input('duplicate.pem', chainPem + pki.intermediate.certificatePem);
  const out = join(folder, 'duplicate.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /left out 1 duplicate certificate/);
  assert.equal(parseCertificatePem(certificateOf(JSON.parse(await readFile(out, 'utf8')), 'xsuaa')).length, 3);
});

test('params single certificate', async () => {
  const source = await input('leaf.pem', pki.leaf.certificatePem);
  const out = join(folder, 'leaf.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /1 \(leaf\)/);
  assert.match(result.stderr, /the chain ends at "C=DE,O=aicore-mtls tests,OU=Clients,CN=test-client", issued by "C=DE,O=aicore-mtls tests,CN=Test Client CA"/);
});

test('params rejects unrelated certificate', async () => {
  const other = await createTestPki();
  const source = await input('mixed.pem', chainPem + other.intermediate.certificatePem);
  const out = join(folder, 'mixed.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /ERR_BINDING_CHAIN_ORDER/);
  assert.match(result.stderr, /outside the chain of "C=DE,O=aicore-mtls tests,OU=Clients,CN=test-client"/);
  assert.equal(existsSync(out), false);
});

test('params rejects key-only input', async () => {
  const source = await input('key-only.pem', pki.leaf.privateKeyPem);
  const out = join(folder, 'key-only.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /contains no certificate \(only 1 private key\) \[ERR_BINDING_NO_CERTIFICATE\]/);
  assertNoKeyMaterial(result.stderr);
  assert.equal(existsSync(out), false);
});

test('params pinning true warns', async () => {
  const source = await input('pinning.pem', chainPem);
  const out = join(folder, 'pinning.json');
  const result = await runCli(['binding', 'params', source, '--pinning', 'true', '--hide-certificate', '--ensure-uniqueness', '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: certificate-pinning is true/);
  assert.match(result.stdout, /every new certificate, renewals included, needs a new binding/);
  const x509 = JSON.parse(await readFile(out, 'utf8')).xsuaa.x509;
  assert.equal(x509['certificate-pinning'], true);
  assert.equal(x509['hide-certificate'], true);
  assert.equal(x509['ensure-uniqueness'], true);
});

test('params pinning false is quiet', async () => {
  const source = await input('quiet.pem', chainPem);
  const result = await runCli(['binding', 'params', source, '--out', join(folder, 'quiet.json')]);
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /pinning/);
});

test('params never overwrites without force', async () => {
  const source = await input('force.pem', chainPem);
  const out = await input('existing.json', 'keep me');
  const rejected = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(rejected.code, 1);
  assert.match(rejected.stderr, /already exists \[ERR_FILE_EXISTS\]/);
  assert.equal(await readFile(out, 'utf8'), 'keep me');

  const forced = await runCli(['binding', 'params', source, '--out', out, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(parseCertificatePem(certificateOf(JSON.parse(await readFile(out, 'utf8')), 'xsuaa')).length, 3);
});

test('params json output', async () => {
  const source = await input('json.pem', pki.leaf.privateKeyPem + chainPem);
  const out = join(folder, 'json.json');
  const result = await runCli(['binding', 'params', source, '--out', out, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const document = JSON.parse(result.stdout);
  assert.equal(document.ok, true);
  assert.equal(document.service, 'aicore');
  assert.equal(document.path, 'xsuaa.x509');
  assert.equal(document.pinning, false);
  assert.equal(document.certificates.length, 3);
  assert.deepEqual(document.certificates.map((entry: { role: string }) => entry.role), ['leaf', 'intermediate', 'root']);
  assert.equal(document.roundTrip.verified, true);
  assert.equal(document.privateKeysLeftOut, 1);
  assert.equal(document.trust.status, 'unknown');
  assert.ok(document.warnings.some((warning: string) => /not a CA XSUAA documents as trusted/.test(warning)));
  assert.ok(document.notes.some((note: string) => /left out 1 private key/.test(note)));
  assert.match(document.commands.cf, /-c /);
  assertNoKeyMaterial(result.stdout);
});

test('params json error document', async () => {
  const source = await input('json-error.pem', pki.leaf.privateKeyPem);
  const result = await runCli(['binding', 'params', source, '--out', join(folder, 'json-error.json'), '--json']);
  assert.equal(result.code, 1);
  const document = JSON.parse(result.stdout);
  assert.equal(document.ok, false);
  assert.equal(document.error.code, 'ERR_BINDING_NO_CERTIFICATE');
});

test('params reads stdin', async () => {
  const out = join(folder, 'stdin.json');
  const result = await runCli(['binding', 'params', '-', '--out', out], { input: chainPem });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(parseCertificatePem(certificateOf(JSON.parse(await readFile(out, 'utf8')), 'xsuaa')).length, 3);
});

test('params quotes paths with spaces', async () => {
  const source = await input('spaces.pem', chainPem);
  const out = join(folder, 'my params.json');
  const result = await runCli(['binding', 'params', source, '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.includes(`--parameters '${out}'`));
  assert.ok(result.stdout.includes(`-c "${out}"`));
  assert.match(result.stdout, /  PowerShell:\n/);
});

test('params sap cloud root note', async () => {
  const root = await issueCertificate({ subject: 'CN=SAP Cloud Root CA, O=SAP SE, L=Walldorf, C=DE', profile: 'root-ca' });
  const intermediate = await issueCertificate({ subject: 'CN=SAP Cloud Platform Client CA, O=SAP SE, C=DE', profile: 'intermediate-ca', issuer: root });
  const leaf = await issueCertificate({ subject: 'CN=islm, O=SAP SE, C=DE', profile: 'client', issuer: intermediate });
  const source = await input('sap.pem', leaf.certificatePem + intermediate.certificatePem);
  const result = await runCli(['binding', 'params', source, '--out', join(folder, 'sap.json')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /note: the chain ends below SAP Cloud Root CA .* SAP's ISLM mTLS tutorial/);
  assert.doesNotMatch(result.stderr, /warning:/);
});

test('params usage errors exit 2', async () => {
  const source = await input('usage.pem', chainPem);
  const badPinning = await runCli(['binding', 'params', source, '--pinning', 'yes', '--out', join(folder, 'u1.json')]);
  assert.equal(badPinning.code, 2);
  assert.match(badPinning.stderr, /'yes' is invalid/);
  const badService = await runCli(['binding', 'params', source, '--service', 'ias', '--out', join(folder, 'u2.json')]);
  assert.equal(badService.code, 2);
  const noOut = await runCli(['binding', 'params', source]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /--out <file>/);
});

test('params help documents pinning', async () => {
  const result = await runCli(['binding', 'params', '--help']);
  assert.equal(result.code, 0);
  const help = result.stdout.replace(/\s+/g, ' ');
  assert.match(help, /--pinning <value>/);
  assert.match(help, /renewed certificate with the same DNs keeps working/);
  assert.match(help, /every new certificate needs a new binding/);
  assert.match(help, /Inline JSON breaks under cmd and PowerShell/);
  assert.match(help, /Exit codes: 0 success/);
  assert.match(help, /then the root when the input has it/);
});
