import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CsrInputError } from '../../src/csr/errors.ts';
import { formatSubjectAltName, parseSubjectAltName } from '../../src/csr/subject-alt-names.ts';

test('san parses each type', () => {
  assert.deepEqual(parseSubjectAltName('dns:islm.example.com'), { type: 'dns', value: 'islm.example.com' });
  assert.deepEqual(parseSubjectAltName('DNS:*.example.com'), { type: 'dns', value: '*.example.com' });
  assert.deepEqual(parseSubjectAltName('ip:10.0.0.1'), { type: 'ip', value: '10.0.0.1' });
  assert.deepEqual(parseSubjectAltName('ip:::1'), { type: 'ip', value: '::1' });
  assert.deepEqual(parseSubjectAltName('email:basis@example.com'), { type: 'email', value: 'basis@example.com' });
  assert.deepEqual(parseSubjectAltName('uri:https://example.com/x'), { type: 'url', value: 'https://example.com/x' });
});

test('san formats like openssl', () => {
  assert.equal(formatSubjectAltName({ type: 'ip', value: '10.0.0.1' }), 'IP Address:10.0.0.1');
  assert.equal(formatSubjectAltName({ type: 'dns', value: 'a.example' }), 'DNS:a.example');
});

test('san rejects bad values', () => {
  const cases: Array<[string, RegExp]> = [
    ['islm.example.com', /does not start with dns:/],
    ['dns:', /value after the prefix is empty/],
    ['dns:bad_name.example', /not a valid DNS name/],
    ['dns:-a.example', /not a valid DNS name/],
    ['ip:10.0.0.256', /not an IPv4 or IPv6 address/],
    ['email:nobody', /not an email address/],
    ['uri:not a uri', /not an absolute URI/],
    ['x400:foo', /does not start with/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseSubjectAltName(text),
      (error: unknown) => error instanceof CsrInputError && error.code === 'ERR_CSR_SAN_INVALID' && message.test(error.message),
      text,
    );
  }
});
