import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { Agent, request } from 'undici';

import { runCli } from '../helpers/run-cli.ts';
import { createTempDir } from '../helpers/temp-dir.ts';

const dir = await createTempDir();

after(async () => {
  // Stops the background sandbox if a test failed before "sandbox stop" ran.
  const running = await readFile(join(dir, 'sandbox.json'), 'utf8').then((text) => JSON.parse(text) as { pid: number }, () => undefined);
  if (running === undefined) return;
  const result = await runCli(['sandbox', 'stop', '--dir', dir]);
  if (result.code !== 0 && result.code !== 3) process.kill(running.pid, 'SIGTERM');
});

test('status without sandbox exits 3', async () => {
  const empty = await createTempDir();
  const result = await runCli(['sandbox', 'status', '--dir', empty]);
  assert.equal(result.code, 3);
  assert.match(result.stdout, /not running/);
  const stop = await runCli(['sandbox', 'stop', '--dir', empty]);
  assert.equal(stop.code, 3);
});

test('invalid start options are usage errors', async () => {
  const port = await runCli(['sandbox', 'start', '--dir', dir, '--port', 'eighty']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /invalid --port "eighty"/);
  const fault = await runCli(['sandbox', 'start', '--dir', dir, '--fault', 'xsuaa=teapot']);
  assert.equal(fault.code, 2);
  assert.match(fault.stderr, /unknown effect "teapot"/);
});

test('background sandbox lifecycle', async () => {
  const started = await runCli(['sandbox', 'start', '--dir', dir, '--port', '0', '--json']);
  assert.equal(started.code, 0, started.stderr);
  const info = JSON.parse(started.stdout);
  assert.match(info.urls.uaaCert, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(info.urls.uaa, info.urls.uaaCert);
  for (const file of ['ca.pem', 'destination-service-key.json', 'service-manager-key.json', 'aicore-instance.txt', 'README.md', 'sandbox.json', 'control-token']) {
    await stat(join(dir, file));
  }
  assert.equal((await stat(join(dir, 'control-token'))).mode & 0o777, 0o600);
  const smKey = JSON.parse(await readFile(join(dir, 'service-manager-key.json'), 'utf8'));
  assert.ok(!started.stdout.includes(smKey.clientsecret), 'no client secret on stdout');

  const again = await runCli(['sandbox', 'start', '--dir', dir, '--port', '0']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /ERR_SANDBOX_RUNNING/);

  const status = await runCli(['sandbox', 'status', '--dir', dir, '--json']);
  assert.equal(status.code, 0);
  assert.equal(JSON.parse(status.stdout).running, true);

  const advanced = await runCli(['sandbox', 'time', 'advance', '335d', '--dir', dir, '--json']);
  assert.equal(advanced.code, 0, advanced.stderr);
  assert.ok(Math.abs(JSON.parse(advanced.stdout).offsetMs - 335 * 86_400_000) < 60_000);
  const badDuration = await runCli(['sandbox', 'time', 'advance', 'soon', '--dir', dir]);
  assert.equal(badDuration.code, 2);

  const added = await runCli(['sandbox', 'fault', 'add', 'xsuaa:GET /.well-known/openid-configuration=503x1', '--dir', dir]);
  assert.equal(added.code, 0, added.stderr);
  const listed = await runCli(['sandbox', 'fault', 'list', '--dir', dir, '--json']);
  assert.equal(JSON.parse(listed.stdout).length, 1);

  const agent = new Agent({ connect: { ca: await readFile(join(dir, 'ca.pem'), 'utf8') } });
  try {
    const faulted = await request(`${info.urls.uaa}/.well-known/openid-configuration`, { dispatcher: agent });
    await faulted.body.text();
    assert.equal(faulted.statusCode, 503);
    const normal = await request(`${info.urls.uaa}/.well-known/openid-configuration`, { dispatcher: agent });
    await normal.body.text();
    assert.equal(normal.statusCode, 200);
  } finally {
    await agent.close();
  }

  const cleared = await runCli(['sandbox', 'fault', 'clear', '--dir', dir]);
  assert.equal(cleared.code, 0);

  const logs = await runCli(['sandbox', 'logs', '--dir', dir, '--json']);
  assert.equal(logs.code, 0);
  const entries = JSON.parse(logs.stdout) as Array<{ status: number; decision: string; sandboxTime: string; time: string }>;
  assert.ok(entries.some((entry) => entry.status === 503 && entry.decision === 'fault'));
  const human = await runCli(['sandbox', 'logs', '--dir', dir, '--limit', '1']);
  assert.match(human.stdout, /xsuaa GET \/\.well-known\/openid-configuration 200 accepted/);
  assert.match(human.stdout, /\[sandbox /, 'the sandbox time is shown when it differs');

  const stopped = await runCli(['sandbox', 'stop', '--dir', dir]);
  assert.equal(stopped.code, 0, stopped.stderr);
  const after = await runCli(['sandbox', 'status', '--dir', dir]);
  assert.equal(after.code, 3);
});

test('sandbox help lists fault syntax', async () => {
  const result = await runCli(['sandbox', 'start', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /SERVICE\[:METHOD\]\[ PATH\]=EFFECT\[xCOUNT\]/);
  assert.match(result.stdout, /Exit codes:/);
});
