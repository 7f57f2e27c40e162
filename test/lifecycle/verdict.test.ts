import assert from 'node:assert/strict';
import { test } from 'node:test';

import { evaluateLandscape, exitCodeFor, type CertificateFacts, type VerdictInput } from '../../src/lifecycle/verdict.ts';

const day = 86_400_000;
const now = new Date('2027-01-01T00:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * day).toISOString();
const current: CertificateFacts = { sha256: 'b'.repeat(64), subject: 'CN=islm', issuer: 'CN=client ca', notBefore: at(-10), notAfter: at(355) };
const previous: CertificateFacts = { sha256: 'a'.repeat(64), subject: 'CN=islm', issuer: 'CN=client ca', notBefore: at(-375), notAfter: at(20) };

function evaluate(changes: Partial<VerdictInput>) {
  return evaluateLandscape({ now, warnDays: 30, failDays: 7, btp: current, s4: current, pinning: false, ...changes });
}

test('verdict same certificate OK', () => {
  assert.equal(evaluate({}).verdict, 'OK');
});

test('verdict renewed not imported', () => {
  const result = evaluate({ s4: previous });
  assert.equal(result.verdict, 'RENEWED_NOT_IMPORTED');
  assert.equal(result.urgent, false);
  assert.ok(result.findings.some((finding) => /first use makes XSUAA reject/.test(finding.message)));
});

test('verdict renewed with pinning true', () => {
  const result = evaluate({ s4: previous, pinning: true });
  assert.ok(result.findings.some((finding) => /needs a new binding/.test(finding.message)));
});

test('verdict renewed and urgent', () => {
  const result = evaluate({ s4: { ...previous, notAfter: at(3) } });
  assert.equal(result.verdict, 'RENEWED_NOT_IMPORTED');
  assert.equal(result.urgent, true);
  assert.equal(exitCodeFor([result]), 7);
});

test('verdict unrelated certificate BROKEN', () => {
  assert.equal(evaluate({ s4: { ...previous, subject: 'CN=other' } }).verdict, 'BROKEN');
  assert.equal(evaluate({ s4: { sha256: 'c'.repeat(64) } }).verdict, 'BROKEN');
});

test('verdict pinned binding mismatch BROKEN', () => {
  const result = evaluate({ pinning: true, bindingCertificate: previous });
  assert.equal(result.verdict, 'BROKEN');
  assert.equal(evaluate({ pinning: false, bindingCertificate: previous }).verdict, 'OK');
});

test('verdict XSUAA-generated expiry', () => {
  const generated = { sha256: 'd'.repeat(64), subject: 'CN=gen', issuer: 'CN=SAP PKI Certificate Service Client CA', notBefore: at(-5), notAfter: at(2) };
  const result = evaluate({ xsuaaGenerated: generated });
  assert.equal(result.verdict, 'EXPIRING');
  assert.equal(result.urgent, true);
  assert.ok(result.findings.some((finding) => /new binding or service key/.test(finding.message)));
  assert.equal(evaluate({ xsuaaGenerated: { ...generated, notAfter: at(-1) } }).verdict, 'EXPIRED');
});

test('verdict unreadable BTP BROKEN', () => {
  assert.equal(evaluate({ btp: { error: 'HTTP 404' } }).verdict, 'BROKEN');
});

test('verdict missed renewal EXPIRING', () => {
  const result = evaluate({ btp: previous, s4: previous, renewalAttemptAt: new Date(now.getTime() - 10 * day) });
  assert.ok(result.findings.some((finding) => /should have renewed/.test(finding.message)));
  assert.equal(result.verdict, 'EXPIRING');
});

test('verdict failed check BROKEN', () => {
  assert.equal(evaluate({ check: { ok: false, detail: 'CLIENT_CERTIFICATE_REJECTED' } }).verdict, 'BROKEN');
  assert.equal(evaluate({ check: { skipped: 'no key' } }).verdict, 'OK');
});

test('exit code ranks verdicts', () => {
  const cases: Array<[Array<{ verdict: 'OK' | 'EXPIRING' | 'RENEWED_NOT_IMPORTED' | 'BROKEN' | 'EXPIRED'; urgent: boolean }>, number]> = [
    [[{ verdict: 'OK', urgent: false }], 0],
    [[{ verdict: 'OK', urgent: false }, { verdict: 'EXPIRING', urgent: false }], 3],
    [[{ verdict: 'EXPIRING', urgent: true }, { verdict: 'RENEWED_NOT_IMPORTED', urgent: false }], 7],
    [[{ verdict: 'EXPIRING', urgent: true }, { verdict: 'BROKEN', urgent: false }], 5],
    [[{ verdict: 'EXPIRED', urgent: false }, { verdict: 'BROKEN', urgent: false }], 6],
    [[], 0],
  ];
  for (const [results, code] of cases) assert.equal(exitCodeFor(results), code, JSON.stringify(results));
});
