import assert from 'node:assert/strict';
import { test } from 'node:test';

import { normalizeLineEndings, unescapeLiteralNewlines } from '../../src/text/normalize.ts';

test('normalizeLineEndings converts CRLF', () => {
  const result = normalizeLineEndings('a\r\nb\r\n');
  assert.equal(result.text, 'a\nb\n');
  assert.deepEqual(result.repairs.map((repair) => repair.code), ['CRLF']);
  assert.match(result.repairs[0]!.message, /Windows/);
});

test('normalizeLineEndings converts lone CR', () => {
  const result = normalizeLineEndings('a\rb\r');
  assert.equal(result.text, 'a\nb\n');
  assert.deepEqual(result.repairs.map((repair) => repair.code), ['CR']);
});

test('normalizeLineEndings reports mixed endings once each', () => {
  const result = normalizeLineEndings('a\r\nb\rc\n');
  assert.equal(result.text, 'a\nb\nc\n');
  assert.deepEqual(result.repairs.map((repair) => repair.code), ['CRLF', 'CR']);
});

test('normalizeLineEndings removes invisible characters', () => {
  const result = normalizeLineEndings('a\u00a0b\u200bc\ufeff');
  assert.equal(result.text, 'a bc');
  assert.deepEqual(result.repairs.map((repair) => repair.code), ['INVISIBLE_CHARACTERS']);
});

test('normalizeLineEndings leaves LF text alone', () => {
  const result = normalizeLineEndings('a\nb\n');
  assert.equal(result.text, 'a\nb\n');
  assert.deepEqual(result.repairs, []);
});

test('unescapeLiteralNewlines single escapes', () => {
  const result = unescapeLiteralNewlines('-----BEGIN X-----\\nAB/C\\n-----END X-----\\n');
  assert.equal(result.text, '-----BEGIN X-----\nAB/C\n-----END X-----\n');
  assert.deepEqual(result.repairs.map((repair) => repair.code), ['ESCAPED_NEWLINES']);
});

test('unescapeLiteralNewlines double escapes', () => {
  const result = unescapeLiteralNewlines('-----BEGIN X-----\\\\nABC\\\\n-----END X-----');
  assert.equal(result.text, '-----BEGIN X-----\nABC\n-----END X-----');
  assert.deepEqual(result.repairs.map((repair) => repair.code), ['DOUBLE_ESCAPED_NEWLINES']);
});

test('unescapeLiteralNewlines escaped CRLF and slashes', () => {
  const result = unescapeLiteralNewlines('A\\r\\nB\\/C\\r\\n');
  assert.equal(result.text, 'A\nB/C\n');
});

test('unescapeLiteralNewlines without escapes', () => {
  const result = unescapeLiteralNewlines('plain\ntext');
  assert.equal(result.text, 'plain\ntext');
  assert.deepEqual(result.repairs, []);
});
