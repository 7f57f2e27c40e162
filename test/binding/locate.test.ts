import assert from 'node:assert/strict';
import { test } from 'node:test';

import { findX509Parameters } from '../../src/binding/locate.ts';

const certificate = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const block = { 'credential-type': 'x509', x509: { certificate, 'certificate-pinning': false } };

test('locate finds xsuaa level', () => {
  const report = findX509Parameters({ xsuaa: block }, 'aicore');
  assert.equal(report.block?.location, 'xsuaa');
  assert.equal(report.block?.path, 'xsuaa.x509');
  assert.equal(report.block?.kind, 'self-managed');
  assert.equal(report.expectedLocation, 'xsuaa');
  assert.equal(report.wrongLevel, false);
  assert.deepEqual(report.problems, []);
});

test('locate flags top level for aicore', () => {
  const report = findX509Parameters(block, 'aicore');
  assert.equal(report.block?.location, 'top-level');
  assert.equal(report.wrongLevel, true);
  assert.match(report.problems.join('\n'), /at the top level, but SAP AI Core reads them under "xsuaa"/);
});

test('locate flags nested for xsuaa', () => {
  const report = findX509Parameters({ xsuaa: block }, 'xsuaa');
  assert.equal(report.wrongLevel, true);
  assert.match(report.problems.join('\n'), /under "xsuaa", but a plain XSUAA instance reads them at the top level/);
});

test('locate without service', () => {
  const report = findX509Parameters(block);
  assert.equal(report.block?.location, 'top-level');
  assert.equal(report.expectedLocation, undefined);
  assert.equal(report.wrongLevel, false);
});

test('locate reports both levels', () => {
  const report = findX509Parameters({ ...block, xsuaa: block }, 'destination');
  assert.equal(report.blocks.length, 2);
  assert.equal(report.block?.location, 'xsuaa');
  assert.equal(report.wrongLevel, false);
  assert.match(report.problems.join('\n'), /both at the top level and under "xsuaa"/);
});

test('locate reports field problems', () => {
  const report = findX509Parameters({
    xsuaa: { 'credential-type': 'X509_GENERATED', x509: { certificate: '', key: 'k', 'certificate-pinning': 'false' } },
  });
  const problems = report.problems.join('\n');
  assert.match(problems, /"xsuaa.credential-type" is "X509_GENERATED", expected "x509"/);
  assert.match(problems, /"xsuaa.x509.certificate" is not a non-empty string/);
  assert.match(problems, /"xsuaa.x509.key" is present/);
  assert.match(problems, /"xsuaa.x509.certificate-pinning" is "false", expected true or false/);
});

test('locate generated parameters', () => {
  const report = findX509Parameters({ xsuaa: { 'credential-type': 'x509', x509: { 'key-length': 2048 } } }, 'aicore');
  assert.equal(report.block?.kind, 'generated');
  assert.deepEqual(report.problems, []);
});

test('locate missing credential type', () => {
  const report = findX509Parameters({ x509: { certificate } }, 'xsuaa');
  assert.match(report.problems.join('\n'), /"credential-type" is missing/);
});

test('locate nothing found', () => {
  assert.match(findX509Parameters({ foo: 1 }).problems.join('\n'), /no "credential-type" or "x509"/);
  assert.match(findX509Parameters([1]).problems.join('\n'), /not a JSON object/);
  assert.match(findX509Parameters({ xsuaa: 'x509' }).problems.join('\n'), /"xsuaa" is not a JSON object/);
  assert.equal(findX509Parameters(null).block, undefined);
});
