import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { locateJsonError } from '../../src/credentials/json-position.ts';
import { parseCredentials, readCredentialsFile } from '../../src/credentials/index.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { createKeyFixtures, type KeyFixtures } from './fixtures.ts';

let keys: KeyFixtures;
before(async () => {
  keys = await createKeyFixtures();
});

test('damaged file names line and column', async () => {
  const folder = await createTempDir();
  const path = join(folder, 'broken.json');
  await writeFile(path, '{\n  "clientid": "sb-x",\n  "clientsecret": "do-not-print-me",\n}\n');

  await assert.rejects(readCredentialsFile(path), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_CREDENTIALS_JSON');
    assert.equal((error as Error).message, `credentials file "${path}" is not valid JSON: line 4, column 1: trailing comma before "}"`);
    assert.doesNotMatch(JSON.stringify(error), /do-not-print-me/);
    assert.deepEqual((error as { details?: unknown }).details, { source: path, line: 4, column: 1 });
    return true;
  });
});

test('damaged cf output position', () => {
  const text = 'Getting key k for service instance i as me...\n\n{\n "clientid": "x"\n "url": "y"\n}';
  assert.throws(() => parseCredentials(text, 'cf.txt', { sourceKind: 'file' }), { message: /line 5, column 2: expected "," or "}" after a field value/ });
});

test('JSON locator cases', () => {
  assert.equal(locateJsonError('{"a": [1, 2]}'), undefined);
  assert.deepEqual(locateJsonError('{"a": 1} x'), { offset: 9, line: 1, column: 10, problem: 'unexpected content after the end of the JSON value' });
  assert.equal(locateJsonError("{'a': 1}")?.problem, 'expected a field name in double quotes, found "\'"');
  assert.match(locateJsonError('{"key": "-----BEGIN\nX"}')?.problem ?? '', /line break inside a string/);
  assert.equal(locateJsonError('{"a": ')?.problem, 'unexpected end of the text; a value is missing or a bracket is not closed');
  assert.equal(locateJsonError('{"a": "open')?.column, 7);
  assert.equal(locateJsonError('[1,]')?.problem, 'trailing comma before "]"');
});

test('not JSON at all', () => {
  assert.throws(() => parseCredentials('clientid=abc', 'pasted'), { code: 'ERR_CREDENTIALS_JSON', message: /does not contain JSON credentials/ });
  assert.throws(() => parseCredentials('  ', 'pasted'), { code: 'ERR_CREDENTIALS_JSON', message: /pasted is empty/ });
});

test('object without clientid rejected', () => {
  assert.throws(() => parseCredentials('{"name": "x", "plan": "y"}', 'thing.json'), { code: 'ERR_CREDENTIALS_SHAPE', message: /no object with "clientid"/ });
});

test('x509 inferred with warning', () => {
  const key = { ...keys.aicoreX509 };
  delete key['credential-type'];
  const credentials = parseCredentials(JSON.stringify(key), 'key.json', { sourceKind: 'file' });
  assert.equal(credentials.credentialType, 'x509');
  assert.equal(credentials.declaredCredentialType, undefined);
  assert.equal(credentials.warnings.length, 1);
  assert.match(credentials.warnings[0]!, /has no "credential-type"; treated as x509 because it has "certificate", "key", "certurl" and no "clientsecret"/);
});

test('X509_GENERATED treated as x509', () => {
  const credentials = parseCredentials(JSON.stringify({ ...keys.aicoreX509, 'credential-type': 'X509_GENERATED' }), 'k');
  assert.equal(credentials.credentialType, 'x509');
  assert.equal(credentials.declaredCredentialType, 'X509_GENERATED');
});

test('X509_ATTESTED rejected', () => {
  assert.throws(() => parseCredentials(JSON.stringify({ ...keys.aicoreX509, 'credential-type': 'X509_ATTESTED' }), 'k'), {
    code: 'ERR_CREDENTIALS_X509_ATTESTED',
    message: /platform-attested workload identity/,
  });
});

test('secret-only key rejected for certificate', () => {
  assert.throws(() => parseCredentials(JSON.stringify(keys.aicoreSecret), 'secret-key.json', { authentication: 'certificate', sourceKind: 'file' }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_CREDENTIALS_SECRET_ONLY');
    assert.match((error as Error).message, /credentials file "secret-key.json" holds client-secret credentials \(binding-secret\)/);
    assert.match((error as { fix?: string }).fix ?? '', /"credential-type":"x509"/);
    return true;
  });
});

test('x509 without certurl rejected', () => {
  const key = { ...keys.aicoreX509 };
  delete key.certurl;
  assert.throws(() => parseCredentials(JSON.stringify(key), 'k', { authentication: 'certificate' }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_CREDENTIALS_CERTURL_MISSING');
    assert.match((error as { fix?: string }).fix ?? '', /https:\/\/my-sub\.authentication\.cert\.eu10\.hana\.ondemand\.com/);
    return true;
  });
});

test('wrong service rejected', () => {
  assert.throws(() => parseCredentials(JSON.stringify(keys.destinationSecret), 'dest.json', { service: 'aicore', sourceKind: 'file' }), (error: unknown) => {
    assert.equal((error as { code?: string }).code, 'ERR_CREDENTIALS_WRONG_SERVICE');
    assert.match((error as Error).message, /holds Destination service credentials, not SAP AI Core credentials/);
    assert.match((error as { fix?: string }).fix ?? '', /serviceurls\.AI_API_URL/);
    return true;
  });
});

test('service kinds identified', () => {
  assert.equal(parseCredentials(JSON.stringify(keys.serviceManagerSecret), 'k').kind, 'service-manager');
  assert.equal(parseCredentials(JSON.stringify(keys.destinationSecret), 'k').kind, 'destination');
  assert.equal(parseCredentials(JSON.stringify({ clientid: 'sb-app', clientsecret: 'app-secret', url: 'https://a.authentication.eu10.hana.ondemand.com' }), 'k').kind, 'xsuaa');
});

test('non-string field rejected', () => {
  assert.throws(() => parseCredentials(JSON.stringify({ ...keys.aicoreSecret, url: 42 }), 'k.json', { sourceKind: 'file' }), {
    code: 'ERR_CREDENTIALS_FIELD_INVALID',
    message: /"url" \(\$\.url\) in k\.json must be a string, but is a number/,
  });
});

test('http URL rejected', () => {
  assert.throws(() => parseCredentials(JSON.stringify({ ...keys.aicoreSecret, url: 'http://my-sub.authentication.eu10.hana.ondemand.com' }), 'k'), {
    code: 'ERR_CREDENTIALS_FIELD_INVALID',
    message: /must be an https URL/,
  });
});

test('neither secret nor certificate', () => {
  assert.throws(() => parseCredentials(JSON.stringify({ clientid: 'sb-x', url: 'https://x.example' }), 'k'), {
    code: 'ERR_CREDENTIALS_FIELD_MISSING',
    message: /neither "clientsecret" nor certificate fields/,
  });
});

test('unused clientsecret warned', () => {
  const credentials = parseCredentials(JSON.stringify({ ...keys.aicoreX509, clientsecret: 'leftover-secret' }), 'k');
  assert.equal(credentials.credentialType, 'x509');
  assert.match(credentials.warnings[0]!, /also has "clientsecret"; the client secret is not used/);
});

test('nested uaa lifted', () => {
  const key = { uri: 'https://destination-configuration.cfapps.eu10.hana.ondemand.com', uaa: keys.destinationSecret };
  const credentials = parseCredentials(JSON.stringify(key), 'k');
  assert.equal(credentials.kind, 'destination');
  assert.equal(credentials.origin.clientid?.path, '$.uaa.clientid');
  assert.equal(credentials.origin.uri?.path, '$.uri');
});
