import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseServiceUrl, tokenEndpointOf } from '../../src/s4/endpoints.ts';

const cases: Array<{ name: string; field: string; value: string; host: string; port: number; token: string; warnings: number }> = [
  { name: 'plain https', field: 'url', value: 'https://my-sub.authentication.eu10.hana.ondemand.com', host: 'my-sub.authentication.eu10.hana.ondemand.com', port: 443, token: 'my-sub.authentication.eu10.hana.ondemand.com/oauth/token', warnings: 0 },
  { name: 'trailing slash', field: 'url', value: 'https://a.b/', host: 'a.b', port: 443, token: 'a.b/oauth/token', warnings: 0 },
  { name: 'several trailing slashes', field: 'certurl', value: 'https://a.b///', host: 'a.b', port: 443, token: 'a.b/oauth/token', warnings: 0 },
  { name: 'uppercase scheme and host', field: 'certurl', value: 'HTTPS://My-Sub.Authentication.CERT.eu10.hana.ondemand.com', host: 'my-sub.authentication.cert.eu10.hana.ondemand.com', port: 443, token: 'my-sub.authentication.cert.eu10.hana.ondemand.com/oauth/token', warnings: 0 },
  { name: 'token path already present', field: 'url', value: 'https://a.b/oauth/token', host: 'a.b', port: 443, token: 'a.b/oauth/token', warnings: 0 },
  { name: 'other path dropped', field: 'url', value: 'https://a.b/some/path/', host: 'a.b', port: 443, token: 'a.b/oauth/token', warnings: 1 },
  { name: 'explicit port 443', field: 'url', value: 'https://a.b:443', host: 'a.b', port: 443, token: 'a.b/oauth/token', warnings: 0 },
  { name: 'other port kept', field: 'url', value: 'https://a.b:8443/', host: 'a.b', port: 8443, token: 'a.b:8443/oauth/token', warnings: 0 },
  { name: 'missing scheme', field: 'url', value: 'a.b', host: 'a.b', port: 443, token: 'a.b/oauth/token', warnings: 1 },
  { name: 'surrounding spaces', field: 'url', value: '  https://a.b  ', host: 'a.b', port: 443, token: 'a.b/oauth/token', warnings: 0 },
  { name: 'query dropped', field: 'url', value: 'https://a.b/?x=1', host: 'a.b', port: 443, token: 'a.b/oauth/token', warnings: 1 },
  { name: 'ipv6 literal', field: 'url', value: 'https://[::1]:8443', host: '::1', port: 8443, token: '[::1]:8443/oauth/token', warnings: 0 },
];

for (const entry of cases) {
  test(`service url ${entry.name}`, () => {
    const parsed = parseServiceUrl(entry.field, entry.value);
    assert.equal(parsed.host, entry.host);
    assert.equal(parsed.port, entry.port);
    assert.equal(tokenEndpointOf(parsed), entry.token);
    assert.equal(parsed.warnings.length, entry.warnings);
  });
}

test('AI API url path dropped with warning', () => {
  const parsed = parseServiceUrl('serviceurls.AI_API_URL', 'https://api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com/v2/');
  assert.equal(parsed.host, 'api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com');
  assert.equal(parsed.warnings.length, 1);
  assert.match(parsed.warnings[0]!, /"serviceurls.AI_API_URL" has the path "\/v2\/"/);
});

test('http scheme rejected', () => {
  assert.throws(
    () => parseServiceUrl('certurl', 'http://a.b'),
    (error: Error & { code?: string; details?: Record<string, unknown> }) => {
      assert.equal(error.code, 'ERR_INPUT_FORMAT');
      assert.match(error.message, /"certurl" uses "http", expected https/);
      assert.equal(error.details?.field, 'certurl');
      return true;
    },
  );
});

test('empty url rejected', () => {
  assert.throws(() => parseServiceUrl('url', '  '), /service key field "url" is empty/);
});

test('invalid url rejected', () => {
  assert.throws(() => parseServiceUrl('url', 'https://exa mple.com'), /"url" is not a valid URL/);
});

test('user information rejected', () => {
  assert.throws(() => parseServiceUrl('url', 'https://user:pw@a.b'), /contains user information/);
});
