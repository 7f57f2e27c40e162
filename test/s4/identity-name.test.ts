import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkDestinationName, checkOAuthConfigurationName, checkResourceGroup, checkStrustIdentity } from '../../src/s4/identity-name.ts';

test('identity ISLM passes cleanly', () => {
  const result = checkStrustIdentity('ISLM');
  assert.equal(result.value, 'ISLM');
  assert.deepEqual(result.warnings, []);
});

test('identity of six characters passes', () => {
  assert.deepEqual(checkStrustIdentity('ISLM01').warnings, []);
});

test('identity lower case is upper-cased', () => {
  const result = checkStrustIdentity('islm');
  assert.equal(result.value, 'ISLM');
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0]!, /upper case/);
});

test('identity over six characters warns', () => {
  const result = checkStrustIdentity('ISLMMTLS');
  assert.equal(result.value, 'ISLMMTLS');
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0]!, /8 characters/);
  assert.match(result.warnings[0]!, /inferred/);
});

test('identity with underscore warns', () => {
  const result = checkStrustIdentity('IS_LM');
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0]!, /other than A-Z and 0-9/);
});

for (const [name, reason] of [
  ['', /empty/],
  ['  ', /empty/],
  ['IS LM', /white space/],
  ['ISLM\t', /white space/],
  ['DFAULT', /standard identity/],
  ['anonym', /standard identity/],
] as const) {
  test(`identity ${JSON.stringify(name)} is rejected`, () => {
    assert.throws(
      () => checkStrustIdentity(name),
      (error: Error & { code?: string; fix?: string; exitCode?: number }) => {
        assert.equal(error.code, 'ERR_S4_NAME_INVALID');
        assert.match(error.message, reason);
        assert.match(error.message, /STRUST identity/);
        assert.match(error.fix ?? '', /upper-case letters or digits/);
        assert.equal(error.exitCode, 2);
        return true;
      },
    );
  });
}

test('destination over 32 characters rejected', () => {
  assert.throws(() => checkDestinationName('X'.repeat(33)), /SM59 destination "X{33}" is invalid: it has 33 characters/);
  assert.equal(checkDestinationName('X'.repeat(32)).value, 'X'.repeat(32));
});

test('destination with space rejected', () => {
  assert.throws(() => checkDestinationName('ISLM REUSE'), { code: 'ERR_S4_NAME_INVALID' });
});

test('oauth configuration lower case warns', () => {
  assert.equal(checkOAuthConfigurationName('ISLM_OAUTH_MTLS').warnings.length, 0);
  assert.equal(checkOAuthConfigurationName('islm_oauth').warnings.length, 1);
  assert.throws(() => checkOAuthConfigurationName(''), { code: 'ERR_S4_NAME_INVALID' });
});

test('resource group pattern warns only', () => {
  assert.deepEqual(checkResourceGroup('default').warnings, []);
  assert.deepEqual(checkResourceGroup('team-a.prod').warnings, []);
  assert.equal(checkResourceGroup('x').warnings.length, 1);
  assert.equal(checkResourceGroup('-bad-').warnings.length, 1);
  assert.throws(() => checkResourceGroup('a b c'), { code: 'ERR_S4_NAME_INVALID' });
});
