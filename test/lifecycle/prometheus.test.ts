import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { renderPrometheus, writePrometheusFile, type LandscapeStatus } from '../../src/lifecycle/index.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { parsePrometheus } from './prometheus-parser.ts';

const status: LandscapeStatus = {
  landscape: 'PRD "main"',
  verdict: 'RENEWED_NOT_IMPORTED',
  urgent: false,
  s4: { system: 'S4P', identity: 'ISLM', certificate: { sha256: 'a'.repeat(64), notAfter: '2027-01-21T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z', origin: 'x' } },
  btp: { certificateName: 'islm.pem', certificate: { sha256: 'b'.repeat(64), notAfter: '2027-12-22T00:00:00.000Z' } },
  renewal: { autoRenew: 'on', lead: '30 days', attemptAt: '2027-11-22T00:00:00.000Z', reimportBy: '2027-11-25T00:00:00.000Z', rule: '' },
  pinning: false,
  findings: [],
  warnings: [],
};

test('prometheus output parses', () => {
  const samples = parsePrometheus(renderPrometheus([status], new Date('2027-01-01T00:00:00Z')));
  const expiry = samples.filter((sample) => sample.name === 'aicore_mtls_certificate_expiration_timestamp_seconds');
  assert.deepEqual(expiry.map((sample) => [sample.labels.source, sample.value]), [['btp', Date.parse('2027-12-22T00:00:00Z') / 1000], ['s4', Date.parse('2027-01-21T00:00:00Z') / 1000]]);
  assert.equal(expiry[0]!.labels.landscape, 'PRD "main"', 'label escaping round-trips');
  const verdicts = samples.filter((sample) => sample.name === 'aicore_mtls_landscape_verdict');
  assert.equal(verdicts.length, 5);
  assert.deepEqual(verdicts.filter((sample) => sample.value === 1).map((sample) => sample.labels.verdict), ['RENEWED_NOT_IMPORTED']);
  assert.equal(samples.find((sample) => sample.name === 'aicore_mtls_certificate_renewal_timestamp_seconds')?.value, Date.parse('2027-11-22T00:00:00Z') / 1000);
});

test('prometheus file written atomically', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'aicore_mtls.prom');
  await writePrometheusFile(path, [status], new Date());
  await writePrometheusFile(path, [{ ...status, verdict: 'OK' }], new Date());
  assert.deepEqual(await readdir(folder), ['aicore_mtls.prom'], 'no temporary file left');
  assert.match(await readFile(path, 'utf8'), /verdict="OK"\} 1/);
});
