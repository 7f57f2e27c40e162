import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatDistinguishedName } from '../../src/csr/distinguished-name.ts';
import { CsrInputError } from '../../src/csr/errors.ts';
import { buildCsrSubject, validateCommonName } from '../../src/csr/subject.ts';

function rejectsWith(action: () => unknown, code: string, message: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof CsrInputError);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    assert.ok(error.fix);
    return true;
  });
}

test('subject from cn only', () => {
  assert.equal(formatDistinguishedName(buildCsrSubject({ commonName: 'islm-dev' })), 'CN=islm-dev');
});

test('subject puts cn first', () => {
  const name = buildCsrSubject({ commonName: 'islm', subject: 'OU=Basis, O=Example, C=DE' });
  assert.equal(formatDistinguishedName(name), 'CN=islm,OU=Basis,O=Example,C=DE');
});

test('subject keeps its own cn', () => {
  const name = buildCsrSubject({ subject: 'CN=islm, O=Example' });
  assert.equal(formatDistinguishedName(name), 'CN=islm,O=Example');
  const same = buildCsrSubject({ commonName: 'islm', subject: 'CN=islm, O=Example' });
  assert.equal(formatDistinguishedName(same), 'CN=islm,O=Example');
});

test('subject rejects conflicting cn', () => {
  rejectsWith(() => buildCsrSubject({ commonName: 'a', subject: 'CN=b' }), 'ERR_CSR_SUBJECT_INVALID', /--cn "a" differs from the CN "b"/);
});

test('subject rejects missing cn', () => {
  rejectsWith(() => buildCsrSubject({}), 'ERR_CSR_COMMON_NAME_INVALID', /no common name/);
  rejectsWith(() => buildCsrSubject({ subject: 'O=Example' }), 'ERR_CSR_SUBJECT_INVALID', /has no CN/);
});

test('subject rejects two cns', () => {
  rejectsWith(() => buildCsrSubject({ subject: 'CN=a, CN=b' }), 'ERR_CSR_SUBJECT_INVALID', /2 CN attributes/);
});

test('common name limits', () => {
  assert.equal(validateCommonName('x'.repeat(64)), 'x'.repeat(64));
  assert.equal(validateCommonName('ü'.repeat(64)), 'ü'.repeat(64));
  rejectsWith(() => validateCommonName(''), 'ERR_CSR_COMMON_NAME_INVALID', /invalid --cn "": it is empty/);
  rejectsWith(() => validateCommonName('   '), 'ERR_CSR_COMMON_NAME_INVALID', /it is empty/);
  rejectsWith(() => validateCommonName('x'.repeat(65)), 'ERR_CSR_COMMON_NAME_INVALID', /65 characters; at most 64/);
  rejectsWith(() => validateCommonName(' islm'), 'ERR_CSR_COMMON_NAME_INVALID', /leading or trailing spaces/);
  rejectsWith(() => validateCommonName('is\tlm'), 'ERR_CSR_COMMON_NAME_INVALID', /control character/);
});
