import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { AicoreMtlsError } from '../../src/errors.ts';
import { formatFaultRule, parseFaultSpec, type Sandbox } from '../../src/sandbox/index.ts';
import { agentFor, call, serviceManager, startTestSandbox } from './helpers.ts';

test('fault SPEC parses every effect', () => {
  assert.deepEqual(parseFaultSpec('service-manager:POST /v1/service_bindings=429x2'), {
    service: 'service-manager',
    method: 'POST',
    path: '/v1/service_bindings',
    kind: 'status',
    status: 429,
    count: 2,
  });
  assert.deepEqual(parseFaultSpec('xsuaa-cert=503~30'), { service: 'xsuaa-cert', kind: 'status', status: 503, retryAfterSeconds: 30 });
  assert.deepEqual(parseFaultSpec('aicore:/v2/lm/*=delay:250x*'), { service: 'aicore', path: '/v2/lm/*', kind: 'delay', delayMs: 250, count: 'always' });
  assert.deepEqual(parseFaultSpec('*=reset'), { service: '*', kind: 'reset' });
  assert.deepEqual(parseFaultSpec('destination:GET=html:504x3'), { service: 'destination', method: 'GET', kind: 'html', status: 504, count: 3 });
});

test('fault SPEC round-trips', () => {
  for (const spec of ['service-manager:POST /v1/service_bindings=429~5x2', 'xsuaa=503x1', 'aicore=delay:10x*', '*=resetx1', 'destination:GET=html:502x4']) {
    assert.equal(formatFaultRule(parseFaultSpec(spec)), spec);
  }
});

test('invalid fault SPEC names problem', () => {
  const cases: Array<[string, RegExp]> = [
    ['service-manager', /missing "=EFFECT"/],
    ['nosuch=503', /unknown service "nosuch"/],
    ['xsuaa=404', /invalid status 404/],
    ['xsuaa=teapot', /unknown effect "teapot"/],
    ['xsuaa:not a path=503', /expected METHOD, PATH/],
    ['xsuaa=503x0', /invalid count 0/],
  ];
  for (const [spec, expected] of cases) {
    assert.throws(
      () => parseFaultSpec(spec),
      (error: unknown) => error instanceof AicoreMtlsError && error.code === 'ERR_USAGE' && expected.test(error.message),
      spec,
    );
  }
});

let sandbox: Sandbox;
let sm: Awaited<ReturnType<typeof serviceManager>>;

before(async () => {
  sandbox = await startTestSandbox();
  sm = await serviceManager(sandbox);
});

const openId = () => call(agentFor(sandbox), `${sandbox.urls.uaa}/.well-known/openid-configuration`);

test('status fault with count', async () => {
  sandbox.faults.add(parseFaultSpec('xsuaa:GET /.well-known/openid-configuration=503x2'));
  assert.equal((await openId()).status, 503);
  const second = await openId();
  assert.equal(second.status, 503);
  assert.equal(second.json.error, 'server_error');
  assert.equal((await openId()).status, 200, 'the rule is used up after two requests');
});

test('429 fault with Retry-After', async () => {
  sandbox.faults.add(parseFaultSpec('service-manager:POST /v1/service_bindings=429~7'));
  const result = await sm.post('/v1/service_bindings', { name: 'fault', service_instance_id: sandbox.aicoreInstanceId });
  assert.equal(result.status, 429);
  const retryAt = Date.parse(String(result.headers['retry-after']));
  assert.ok(Math.abs(retryAt - (Date.now() + 7000)) < 3000, 'Service Manager sends an HTTP-date');
  sandbox.faults.add(parseFaultSpec('aicore=429~4'));
  const aiCore = await call(agentFor(sandbox), `${sandbox.urls.aiApi}/v2/lm/meta`);
  assert.equal(aiCore.headers['retry-after'], '4');
  assert.equal(aiCore.json.error.code, 'TooManyRequests');
});

test('delay fault then normal answer', async () => {
  sandbox.faults.add(parseFaultSpec('xsuaa:/.well-known/*=delay:300'));
  const started = performance.now();
  const result = await openId();
  assert.equal(result.status, 200);
  assert.ok(performance.now() - started >= 290, 'answer delayed by at least 300 ms');
});

test('reset fault drops connection', async () => {
  sandbox.faults.add(parseFaultSpec('xsuaa=reset'));
  await assert.rejects(openId(), (error: Error & { code?: string }) => /socket|closed|ECONNRESET|other side/i.test(`${error.code} ${error.message}`));
  assert.equal((await openId()).status, 200);
  const entry = sandbox.requestLog().findLast((candidate) => candidate.decision === 'fault' && candidate.status === 0);
  assert.ok(entry, 'the dropped request is logged with status 0');
});

test('html fault sends gateway page', async () => {
  sandbox.faults.add(parseFaultSpec('*=html'));
  const result = await call(agentFor(sandbox), `${sandbox.urls.destination}/destination-configuration/v1/subaccountCertificates`);
  assert.equal(result.status, 502);
  assert.match(String(result.headers['content-type']), /^text\/html/);
  assert.match(result.text, /<html>/);
});

test('fault controller lists and clears', () => {
  const rule = sandbox.faults.add({ service: 'aicore', kind: 'status', status: 500, count: 'always' });
  assert.ok(sandbox.faults.list().some((candidate) => candidate.id === rule.id && candidate.remaining === 'always'));
  sandbox.faults.clear();
  assert.deepEqual(sandbox.faults.list(), []);
  assert.throws(() => sandbox.faults.add({ service: 'aicore', kind: 'status', status: 200 }), /invalid status 200/);
});

test('faults from start options', async () => {
  const faulty = await startTestSandbox({ faults: [parseFaultSpec('xsuaa-cert=503x1')] });
  const result = await call(agentFor(faulty), `${faulty.urls.uaaCert}/token_keys`);
  assert.equal(result.status, 503);
});
