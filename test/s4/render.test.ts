import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { buildS4Sheet } from '../../src/s4/build-sheet.ts';
import { renderS4Sheet } from '../../src/s4/render.ts';
import { escapeHtml, markdownCode } from '../../src/s4/rich-text.ts';
import { expected, realisticInput, serviceKey } from './fixtures.ts';

const sheet = buildS4Sheet(realisticInput());
const markdown = renderS4Sheet(sheet, 'md');
const html = renderS4Sheet(sheet, 'html');
const json = JSON.parse(renderS4Sheet(sheet, 'json')) as {
  kind: string;
  schemaVersion: number;
  values: Record<string, string>;
  steps: Array<{ id: string; groups: Array<{ fields: Array<{ id: string; value: string; sourceField?: string }> }> }>;
  roots: Array<{ pse: string; status: string; sha256Fingerprint: string }>;
  renewal: { renewalAttemptAt: string; reimportBy: string; notAfter: string };
};

/** Every value the admin types that comes from the service key, with the field it must come from. */
const serviceKeyValues = [
  { id: 'oa2c.clientId', value: serviceKey.clientid, sourceField: 'clientid' },
  { id: 'oa2c.tokenEndpoint', value: expected.tokenEndpoint, sourceField: 'url' },
  { id: 'oa2c.mtlsTokenEndpointAlias', value: expected.mtlsAlias, sourceField: 'certurl' },
  { id: 'sm59.host', value: expected.sm59Host, sourceField: 'serviceurls.AI_API_URL' },
  { id: 'sm59.port', value: '443', sourceField: 'serviceurls.AI_API_URL' },
];

test('derived values match the service key', () => {
  assert.equal(expected.tokenEndpoint, `${new URL(serviceKey.url).host}/oauth/token`);
  assert.equal(expected.mtlsAlias, `${new URL(serviceKey.certurl).host}/oauth/token`);
  assert.equal(expected.sm59Host, new URL(serviceKey.serviceurls.AI_API_URL).host);
  for (const entry of serviceKeyValues) assert.equal(sheet.values[entry.id], entry.value, entry.id);
});

test('derived values carry no protocol', () => {
  for (const id of ['oa2c.tokenEndpoint', 'oa2c.mtlsTokenEndpointAlias', 'sm59.host']) {
    assert.doesNotMatch(sheet.values[id]!, /^https?:|\/\//i, id);
  }
});

test('markdown shows every value exactly', () => {
  for (const entry of serviceKeyValues) assert.ok(markdown.includes(`\`${entry.value}\``), `${entry.id} missing from Markdown`);
  for (const [id, value] of Object.entries(sheet.values)) assert.ok(markdown.includes(markdownCode(value)), `${id} missing from Markdown`);
});

test('markdown names the source fields', () => {
  assert.match(markdown, /source: service key `clientid` of the x509 binding/);
  assert.match(markdown, /source: service key `url` without `https:\/\/`, plus `\/oauth\/token`/);
  assert.match(markdown, /source: service key `certurl` without `https:\/\/`, plus `\/oauth\/token`/);
  assert.match(markdown, /source: service key `serviceurls.AI_API_URL` without `https:\/\/` and path/);
});

test('markdown has checklist and steps in order', () => {
  const order = ['STRUST: Create the SSL client identity', 'STRUST: Import the key pair', 'STRUST: Trust the root of the certurl host', 'DFAULT', 'SMICM', 'OA2C_CONFIG: Create', 'SM59: Point', 'ISLM_REUSE_CFGV', 'Calendar'];
  let position = markdown.indexOf('## 1. Checks');
  for (const heading of order) {
    const next = markdown.indexOf(heading, position);
    assert.ok(next > position, `${heading} out of order`);
    position = next;
  }
  assert.equal(markdown.match(/^- \[ \] /gm)?.length, sheet.steps.length);
});

test('html carries every value in copy buttons', () => {
  for (const [id, value] of Object.entries(sheet.values)) {
    const encoded = escapeHtml(value).replace(/\n/g, '&#10;');
    const field = sheet.steps.flatMap((step) => step.groups.flatMap((group) => group.fields)).find((entry) => entry.id === id)!;
    assert.ok(html.includes(`>${escapeHtml(value)}</code>`), `${id} value missing from HTML`);
    if (field.copy) assert.ok(html.includes(`data-value="${encoded}"`), `${id} copy button missing`);
  }
  for (const entry of serviceKeyValues) {
    assert.ok(html.includes(`data-field="${entry.id}" data-source-field="${entry.sourceField}"`), `${entry.id} source missing`);
  }
});

test('html is self-contained under a strict policy', () => {
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(policy, 'policy missing');
  assert.match(policy, /^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'; base-uri 'none'; form-action 'none'$/);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  const hash = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;
  assert.ok(policy.includes(hash(style)), 'style hash does not match');
  assert.ok(policy.includes(hash(script)), 'script hash does not match');
  assert.doesNotMatch(html, /\ssrc=|<link\b|@import|url\(|<iframe|<img\b/i);
  assert.doesNotMatch(html, /href="(?!#)/);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
  assert.equal(html.match(/<script>/g)?.length, 1);
});

test('json exposes values and sources', () => {
  assert.equal(json.kind, 'aicore-mtls.s4-sheet');
  assert.equal(json.schemaVersion, 1);
  for (const entry of serviceKeyValues) {
    assert.equal(json.values[entry.id], entry.value, entry.id);
    const field = json.steps.flatMap((step) => step.groups.flatMap((group) => group.fields)).find((candidate) => candidate.id === entry.id);
    assert.equal(field?.sourceField, entry.sourceField, entry.id);
  }
  assert.deepEqual(
    json.roots.map((root) => [root.pse, root.status]),
    [
      ['identity', 'expected'],
      ['DFAULT', 'unconfirmed'],
    ],
  );
  assert.equal(json.renewal.renewalAttemptAt, '2027-04-01T10:00:00.000Z');
  assert.equal(json.renewal.reimportBy, '2027-04-04T10:00:00.000Z');
});

test('renderings hold no password path leak', () => {
  // The password file path is named (that is the password source); its content never exists here.
  assert.ok(markdown.includes('in the file /home/basis/aicore-mtls/out/islm-strust.password'));
  assert.doesNotMatch(markdown, /clientsecret|BEGIN (?:ENCRYPTED |RSA )?PRIVATE KEY/);
  assert.doesNotMatch(html, /clientsecret|PRIVATE KEY/);
});

test('hostile values are escaped everywhere', () => {
  const hostile = buildS4Sheet(
    realisticInput({
      serviceKey: { ...realisticInput().serviceKey, clientid: `sb-x!b1|aicore!b540"'<b>&amp;` },
      names: { identity: 'ISLM', identityDescription: '<img src=x onerror=alert(1)> `tick` | pipe' },
    }),
  );
  const page = renderS4Sheet(hostile, 'html');
  assert.doesNotMatch(page, /<img src=x/);
  assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(page.includes(`data-value="sb-x!b1|aicore!b540&quot;&#39;&lt;b&gt;&amp;amp;"`));
  const text = renderS4Sheet(hostile, 'md');
  assert.ok(text.includes('``<img src=x onerror=alert(1)> `tick` | pipe``'));
  assert.equal(JSON.parse(renderS4Sheet(hostile, 'json')).values['oa2c.clientId'], `sb-x!b1|aicore!b540"'<b>&amp;`);
});

test('secret-based key is rejected', () => {
  const input = realisticInput();
  input.serviceKey.credentialType = 'binding-secret';
  assert.throws(
    () => buildS4Sheet(input),
    (error: Error & { code?: string; fix?: string }) => {
      assert.equal(error.code, 'ERR_S4_SHEET_INPUT');
      assert.match(error.message, /credential-type "binding-secret", expected "x509"/);
      assert.match(error.fix ?? '', /x509/);
      return true;
    },
  );
});

test('same host for url and certurl warns', () => {
  const input = realisticInput();
  input.serviceKey.certurl = input.serviceKey.url;
  const result = buildS4Sheet(input);
  assert.ok(result.warnings.some((warning) => warning.includes('"certurl" and "url" name the same host')));
});

test('missing roots become placeholders', () => {
  const result = buildS4Sheet(realisticInput({ roots: [] }));
  assert.equal(result.roots.length, 2);
  assert.ok(result.roots.every((root) => root.status === 'unconfirmed'));
  assert.equal(result.warnings.filter((warning) => warning.startsWith('No root certificate was given')).length, 2);
});

test('auto-renew off says no renewal', () => {
  const result = buildS4Sheet(realisticInput({ renewal: { autoRenew: 'off' } }));
  assert.equal(result.renewal?.renewalAttemptAt, undefined);
  assert.equal(result.values['renewal.btpRenewal'], undefined);
  const text = renderS4Sheet(result, 'md');
  assert.match(text, /never: automatic renewal is off/);
  assert.match(text, /SAP BTP will not renew this certificate/);
});

test('sheet without certificate omits dates', () => {
  const input = realisticInput();
  delete input.clientCertificate;
  const result = buildS4Sheet(input);
  assert.equal(result.renewal, undefined);
  assert.ok(result.warnings.some((warning) => warning.includes('client certificate is unknown')));
  assert.match(renderS4Sheet(result, 'md'), /made without the client certificate/);
});

test('expired certificate warns', () => {
  const result = buildS4Sheet(realisticInput({ generatedAt: '2027-06-01T00:00:00Z' }));
  assert.ok(result.warnings.some((warning) => warning.startsWith('The client certificate expired on 2027-05-01 10:00 UTC')));
});

test('invalid identity stops the build', () => {
  assert.throws(() => buildS4Sheet(realisticInput({ names: { identity: 'DFAULT' } })), { code: 'ERR_S4_NAME_INVALID' });
});
