import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { issueCertificate } from '../../src/x509/certificate-authority.ts';
import { buildChain } from '../../src/x509/chain.ts';
import { lintChain, type Finding } from '../../src/x509/lint.ts';
import { createTestPki, type TestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { certificateOf, issueWithRsaBits } from './certificates.ts';

const day = 24 * 60 * 60 * 1000;
let pki: TestPki;

before(async () => {
  pki = await createTestPki();
});

function codes(findings: Finding[], severity?: Finding['severity']): string[] {
  return findings.filter((finding) => severity === undefined || finding.severity === severity).map((finding) => finding.code);
}

function lintOf(leafPem: string, options: { privateKeys?: Parameters<typeof lintChain>[0]['privateKeys']; warnDays?: number; extra?: string[] } = {}): Finding[] {
  const certificates = [leafPem, pki.intermediate.certificatePem, pki.root.certificatePem, ...(options.extra ?? [])].map((pem) => certificateOf(pem));
  const chain = buildChain(certificates, options.privateKeys?.[0] ? { privateKey: options.privateKeys[0] } : {});
  return lintChain({ chain, privateKeys: options.privateKeys, warnDays: options.warnDays });
}

test('lintChain healthy chain has no errors', () => {
  const findings = lintOf(pki.leaf.certificatePem, { privateKeys: [pki.leaf.privateKey] });
  assert.deepEqual(codes(findings, 'error'), []);
  assert.deepEqual(codes(findings), ['ROOT_NOT_PUBLIC']);
});

test('lintChain expired leaf', async () => {
  const expired = await issueCertificate({ subject: 'CN=expired', profile: 'client', issuer: pki.intermediate, notBefore: new Date(Date.now() - 40 * day), notAfter: new Date(Date.now() - 3 * day) });
  const findings = lintOf(expired.certificatePem);
  assert.deepEqual(codes(findings, 'error'), ['CERT_EXPIRED']);
  assert.match(findings.find((finding) => finding.code === 'CERT_EXPIRED')!.message, /CN=expired.*3 days ago/);
});

test('lintChain not yet valid leaf', async () => {
  const future = await issueCertificate({ subject: 'CN=future', profile: 'client', issuer: pki.intermediate, notBefore: new Date(Date.now() + 5 * day), notAfter: new Date(Date.now() + 50 * day) });
  assert.deepEqual(codes(lintOf(future.certificatePem), 'error'), ['CERT_NOT_YET_VALID']);
});

test('lintChain leaf expiring within warn days', async () => {
  const soon = await issueCertificate({ subject: 'CN=soon', profile: 'client', issuer: pki.intermediate, notAfter: new Date(Date.now() + 10 * day + 60_000) });
  const findings = lintOf(soon.certificatePem, { warnDays: 30 });
  assert.deepEqual(codes(findings, 'warning'), ['CERT_EXPIRES_SOON', 'ROOT_NOT_PUBLIC']);
  assert.match(findings[0]!.message, /in 10 days \(threshold 30 days\)/);
  assert.equal(codes(lintOf(soon.certificatePem, { warnDays: 5 })).includes('CERT_EXPIRES_SOON'), false);
});

test('lintChain RSA 1024 key', async () => {
  const weak = await issueWithRsaBits(1024, { subject: 'CN=weak', profile: 'client', issuer: pki.intermediate });
  const findings = lintOf(weak.certificatePem);
  assert.deepEqual(codes(findings, 'error'), ['RSA_KEY_TOO_SMALL']);
  assert.match(findings[0]!.message, /1024 bits/);
});

test('lintChain SHA-1 signature', async () => {
  const sha1 = await issueCertificate({ subject: 'CN=sha1', profile: 'client', issuer: pki.intermediate, signatureHash: 'SHA-1' });
  const findings = lintOf(sha1.certificatePem);
  assert.deepEqual(codes(findings, 'error'), ['WEAK_SIGNATURE']);
  assert.match(findings.find((finding) => finding.code === 'WEAK_SIGNATURE')!.message, /ecdsa-with-SHA1/);
});

test('lintChain incomplete chain names issuer', () => {
  const chain = buildChain([certificateOf(pki.leaf)]);
  const findings = lintChain({ chain });
  assert.deepEqual(codes(findings, 'error'), ['CHAIN_INCOMPLETE']);
  assert.match(findings[0]!.message, /"C=DE,O=aicore-mtls tests,CN=Test Client CA" \(key identifier [0-9A-F]{40}\)/);
  assert.match(findings[0]!.fix ?? '', /after "C=DE,O=aicore-mtls tests,OU=Clients,CN=test-client"/);
});

test('lintChain key mismatch', async () => {
  const stranger = await issueCertificate({ subject: 'CN=stranger', profile: 'client' });
  const findings = lintOf(pki.leaf.certificatePem, { privateKeys: [stranger.privateKey] });
  assert.deepEqual(codes(findings, 'error'), ['KEY_MISMATCH']);
  assert.match(findings.find((finding) => finding.code === 'KEY_MISMATCH')!.message, /CN=test-client.*does not match/);
});

test('lintChain key of a CA picks that CA', () => {
  const findings = lintOf(pki.leaf.certificatePem, { privateKeys: [pki.root.privateKey] });
  assert.ok(codes(findings).includes('NO_END_ENTITY'));
});

test('lintChain stray extra key warns', async () => {
  const stranger = await issueCertificate({ subject: 'CN=stranger', profile: 'client' });
  const findings = lintOf(pki.leaf.certificatePem, { privateKeys: [pki.leaf.privateKey, stranger.privateKey] });
  assert.deepEqual(codes(findings, 'error'), []);
  assert.ok(codes(findings, 'warning').includes('KEY_UNUSED'));
});

test('lintChain server-only leaf', async () => {
  const server = await issueCertificate({ subject: 'CN=server', profile: 'server', issuer: pki.intermediate });
  assert.ok(codes(lintOf(server.certificatePem), 'warning').includes('LEAF_NOT_CLIENT_AUTH'));
});

test('lintChain unused certificate', async () => {
  const other = await issueCertificate({ subject: 'CN=unrelated root', profile: 'root-ca' });
  const findings = lintOf(pki.leaf.certificatePem, { extra: [other.certificatePem] });
  assert.ok(codes(findings, 'warning').includes('CERTIFICATE_UNUSED'));
});

test('lintChain expired root is an error', async () => {
  const oldRoot = await issueCertificate({ subject: 'CN=Old Root', profile: 'root-ca', notBefore: new Date(Date.now() - 100 * day), notAfter: new Date(Date.now() - day) });
  const client = await issueCertificate({ subject: 'CN=client', profile: 'client', issuer: oldRoot });
  const findings = lintChain({ chain: buildChain([certificateOf(client), certificateOf(oldRoot)]) });
  assert.deepEqual(codes(findings, 'error'), ['CERT_EXPIRED']);
  assert.match(findings[0]!.message, /Old Root/);
});

test('lintChain issuer that is not a CA', { skip: !existsSync('/usr/bin/openssl') && 'openssl not installed' }, async () => {
  const folder = await createTempDir();
  const path = (name: string) => join(folder, name);
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: 'ignore' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run('req', '-x509', ...newKey, '-keyout', path('root.key'), '-out', path('root.pem'), '-days', '10', '-subj', '/CN=Root');
  run('req', ...newKey, '-keyout', path('issuer.key'), '-out', path('issuer.csr'), '-subj', '/CN=Not A CA');
  await writeFile(path('ext.cnf'), 'basicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\n');
  run('x509', '-req', '-in', path('issuer.csr'), '-CA', path('root.pem'), '-CAkey', path('root.key'), '-out', path('issuer.pem'), '-days', '10', '-extfile', path('ext.cnf'));
  run('req', ...newKey, '-keyout', path('leaf.key'), '-out', path('leaf.csr'), '-subj', '/CN=leaf');
  run('x509', '-req', '-in', path('leaf.csr'), '-CA', path('issuer.pem'), '-CAkey', path('issuer.key'), '-out', path('leaf.pem'), '-days', '10');
  const certificates = await Promise.all(['leaf.pem', 'issuer.pem', 'root.pem'].map(async (name) => certificateOf(await readFile(path(name), 'utf8'))));
  const findings = lintChain({ chain: buildChain(certificates), warnDays: 0 });
  assert.deepEqual(codes(findings, 'error'), ['ISSUER_NOT_CA']);
  assert.match(findings[0]!.message, /CN=Not A CA/);
});
