import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { test } from 'node:test';

import { runDoctor } from '../../src/doctor/index.ts';
import { fixedPassword } from '../../src/password.ts';
import { writePkcs12, type Pkcs12Profile } from '../../src/pkcs12/index.ts';
import { createTestPki } from '../helpers/pki.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { chainDer, opensslAvailable, run, writePasswordFile } from '../pkcs12/external-tools.ts';
import { codesOf, diagnosisOf, writeTo } from './fixtures.ts';

const folder = await createTempDir('aicore-mtls-doctor-p12-');
const password = 'P12-doctor-pass-8812';
const passwordFile = await writePasswordFile(folder, 'p12.pass', password);
const pki = await createTestPki({ keyType: 'rsa-2048' });

async function writeProfile(profile: Pkcs12Profile): Promise<string> {
  const bytes = writePkcs12({ privateKey: createPrivateKey(pki.leaf.privateKeyPem), certificates: chainDer(pki), password, profile });
  return writeTo(folder, `islm-${profile}.p12`, bytes);
}

const modern = await writeProfile('modern');
const legacy = await writeProfile('legacy-rc2');
const strust = await writeProfile('strust');

test('modern profile read by openssl as PBES2', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  const { stderr } = await run('openssl', ['pkcs12', '-in', modern, '-info', '-noout', '-passin', `file:${passwordFile}`]);
  assert.match(stderr, /PBES2, PBKDF2, AES-256-CBC/);
});

test('modern PKCS#12 for STRUST', async () => {
  const report = await runDoctor({ pkcs12: modern, passwords: fixedPassword(password), offline: true });
  const diagnosis = diagnosisOf(report, 'PKCS12_CIPHER_MODERN');
  assert.match(diagnosis.evidence[0]!, /PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC/);
  assert.match(diagnosis.evidence[0]!, /profile modern/);
  assert.match(diagnosis.fix, /aicore-mtls cert convert .* --profile strust/);
  assert.match(diagnosis.meaning, /CommonCryptoLib/);
});

test('legacy RC2 PKCS#12', async () => {
  const report = await runDoctor({ pkcs12: legacy, passwords: fixedPassword(password), offline: true });
  const diagnosis = diagnosisOf(report, 'PKCS12_CIPHER_WEAK');
  assert.match(diagnosis.evidence[0]!, /pbeWithSHAAnd40BitRC2-CBC/);
  assert.match(diagnosis.fix, /--profile strust/);
  assert.equal(codesOf(report).includes('PKCS12_CIPHER_MODERN'), false);
});

test('legacy RC2 confirmed by openssl', async (t) => {
  if (!opensslAvailable) return t.skip('openssl not installed');
  await assert.rejects(run('openssl', ['pkcs12', '-in', legacy, '-info', '-noout', '-passin', `file:${passwordFile}`]), /RC2-40-CBC|unsupported/i);
});

test('strust profile passes', async () => {
  const report = await runDoctor({ pkcs12: strust, passwords: fixedPassword(password), offline: true });
  assert.deepEqual(codesOf(report), ['CLIENT_CA_NOT_TRUSTED']);
  assert.ok(report.passed.some((line) => line.includes('pbeWithSHAAnd3-KeyTripleDES-CBC') && line.includes('profile strust')));
});

test('modern PKCS#12 given as bundle', async () => {
  const report = await runDoctor({ bundle: modern, passwords: fixedPassword(password), offline: true });
  assert.match(diagnosisOf(report, 'PKCS12_CIPHER_MODERN').evidence[0]!, /^--bundle "/);
});

test('PKCS#12 with wrong password', async () => {
  const report = await runDoctor({ pkcs12: strust, passwords: fixedPassword('wrong-password-1'), offline: true });
  const diagnosis = diagnosisOf(report, 'INPUT_UNREADABLE');
  assert.match(diagnosis.evidence[0]!, /ERR_PASSWORD_INCORRECT/);
  assert.doesNotMatch(JSON.stringify(report), /wrong-password-1/);
});
