import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatDistinguishedName, parseDistinguishedName } from '../../src/csr/distinguished-name.ts';
import { CsrInputError } from '../../src/csr/errors.ts';

function rejects(text: string, message: RegExp): void {
  assert.throws(
    () => parseDistinguishedName(text),
    (error: unknown) => {
      assert.ok(error instanceof CsrInputError);
      assert.equal(error.code, 'ERR_CSR_SUBJECT_INVALID');
      assert.equal(error.exitCode, 2);
      assert.match(error.message, message);
      return true;
    },
  );
}

test('dn parses attributes in order', () => {
  const name = parseDistinguishedName('CN=islm, OU=Basis, O=Example AG, C=de');
  assert.deepEqual(
    name.map((rdn) => rdn.map((attribute) => `${attribute.type}=${attribute.value}`)),
    [['CN=islm'], ['OU=Basis'], ['O=Example AG'], ['C=DE']],
  );
  assert.equal(name[0]![0]!.oid, '2.5.4.3');
});

test('dn decodes escapes', () => {
  const name = parseDistinguishedName('CN=M\\C3\\BCller\\, Hans,O=A\\+B');
  assert.equal(name[0]![0]!.value, 'Müller, Hans');
  assert.equal(name[1]![0]!.value, 'A+B');
});

test('dn reads multi-valued rdn', () => {
  const name = parseDistinguishedName('CN=a+UID=b, O=c');
  assert.equal(name.length, 2);
  assert.deepEqual(name[0]!.map((attribute) => attribute.type), ['CN', 'UID']);
});

test('dn accepts aliases and oids', () => {
  const name = parseDistinguishedName('emailAddress=a@example.com, 2.5.4.3=x, street=Main 1');
  assert.equal(name[0]![0]!.type, 'emailAddress');
  assert.equal(name[1]![0]!.oid, '2.5.4.3');
  assert.equal(name[2]![0]!.type, 'street');
});

test('dn format escapes and round-trips', () => {
  const text = 'CN=Müller\\, Hans,OU=\\ lead,O=A\\+B\\=C,C=DE';
  assert.equal(formatDistinguishedName(parseDistinguishedName(text)), text);
});

test('dn rejects malformed input', () => {
  rejects('', /it is empty/);
  rejects('CN=a,', /ends with ","/);
  rejects('CN=a, FOO=b', /attribute type "FOO" is unknown/);
  rejects('CN=', /value of CN is empty/);
  rejects('CN=#0403616263', /hex-encoded/);
  rejects('CN=a O=b', /'=' at position 7 must be escaped/);
  rejects('CN=a;O=b', /';' at position 5/);
  rejects('islm', /has no "="/);
  rejects('CN=a\\', /lone backslash/);
  rejects('CN=\\FF', /not valid UTF-8/);
});

test('dn enforces attribute rules', () => {
  rejects('C=Germany', /two-letter country code/);
  rejects(`CN=${'x'.repeat(65)}`, /65 characters; at most 64/);
  rejects('E=ü@example.com', /must be ASCII/);
  rejects('SERIALNUMBER=a_b', /only letters, digits/);
  rejects('CN=a\\0Ab', /control character/);
});
