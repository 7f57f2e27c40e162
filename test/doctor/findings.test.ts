import assert from 'node:assert/strict';
import { test } from 'node:test';

import { allDiagnosisDefinitions, diagnose } from '../../src/doctor/index.ts';
import { Findings } from '../../src/doctor/findings.ts';

test('catalogue entries are complete', () => {
  const definitions = allDiagnosisDefinitions();
  assert.ok(definitions.length >= 40, `${definitions.length} definitions`);
  for (const definition of definitions) {
    assert.match(definition.code, /^[A-Z][A-Z0-9_]+$/, definition.code);
    assert.ok(definition.title.length > 10, `${definition.code} has a title`);
    assert.ok(definition.meaning.length > 20, `${definition.code} has a meaning`);
    assert.ok(definition.fix.length > 20, `${definition.code} has a fix`);
  }
});

test('findings merge one code', () => {
  const findings = new Findings();
  findings.addDiagnosis(diagnose('CERTIFICATE_EXPIRED', ['seen offline', 'seen offline']));
  findings.addDiagnosis(diagnose('CERTIFICATE_EXPIRED', ['seen offline', 'seen by the connection check']));
  assert.deepEqual(findings.diagnoses().map((diagnosis) => diagnosis.evidence), [['seen offline', 'seen by the connection check']]);
});

test('findings list errors first', () => {
  const findings = new Findings();
  findings.addDiagnosis(diagnose('CLOCK_SKEW', ['warning first']));
  findings.addDiagnosis(diagnose('KEY_MISMATCH', ['error second']));
  assert.deepEqual(findings.diagnoses().map((diagnosis) => diagnosis.code), ['KEY_MISMATCH', 'CLOCK_SKEW']);
});

test('findings take removes', () => {
  const findings = new Findings();
  findings.addDiagnosis(diagnose('CLIENT_CA_NOT_TRUSTED', ['x']));
  assert.equal(findings.take('CLIENT_CA_NOT_TRUSTED')?.code, 'CLIENT_CA_NOT_TRUSTED');
  assert.equal(findings.has('CLIENT_CA_NOT_TRUSTED'), false);
});
