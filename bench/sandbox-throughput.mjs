// Measures sandbox start-up time and mTLS token throughput at the certurl host.
//
//   node --import tsx bench/sandbox-throughput.mjs [--clients 200] [--requests 10] [--max-seconds 60]
//
// Each client has its own undici Agent, so its own TLS connection with the client certificate,
// and sends its requests one after another over that connection. Clients and sandbox share
// this one Node process (and its CPU), so the numbers are a lower bound for the sandbox alone.
// Exits 1 when any request fails or the time bound cuts the run short.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

import { Agent, request } from 'undici';

import { startSandbox } from '../src/sandbox/index.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    requests: { type: 'string', default: '10' },
    'max-seconds': { type: 'string', default: '60' },
  },
});
const clients = Number(values.clients);
const requestsPerClient = Number(values.requests);
const maxMs = Number(values['max-seconds']) * 1000;

const startBegin = performance.now();
const sandbox = await startSandbox();
const startMs = performance.now() - startBegin;

const trust = new Agent({ connect: { ca: sandbox.caCertificatePem } });
const smKey = sandbox.serviceManagerKey;
const tokenResponse = await request(`${smKey.url}/oauth/token`, {
  method: 'POST',
  dispatcher: trust,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', client_id: smKey.clientid, client_secret: smKey.clientsecret }).toString(),
});
const smToken = (await tokenResponse.body.json()).access_token;
const certificate = await sandbox.issueClientCertificate({ subject: 'CN=bench, O=aicore-mtls bench, C=DE', keyType: 'rsa-2048' });
const bindingResponse = await request(`${smKey.sm_url}/v1/service_bindings?async=false`, {
  method: 'POST',
  dispatcher: trust,
  headers: { authorization: `Bearer ${smToken}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    name: 'bench',
    service_instance_id: sandbox.aicoreInstanceId,
    parameters: { xsuaa: { 'credential-type': 'x509', x509: { certificate: certificate.chainPem } } },
  }),
});
const binding = await bindingResponse.body.json();
if (bindingResponse.statusCode !== 201) throw new Error(`binding failed: ${bindingResponse.statusCode} ${JSON.stringify(binding)}`);
const { certurl, clientid } = binding.credentials;
const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientid }).toString();

const latencies = [];
const errors = new Map();
let cutShort = false;
const deadline = performance.now() + maxMs;

async function runClient() {
  const agent = new Agent({ connect: { ca: sandbox.caCertificatePem, cert: certificate.chainPem, key: certificate.privateKeyPem }, connections: 1 });
  try {
    for (let index = 0; index < requestsPerClient; index++) {
      if (performance.now() > deadline) {
        cutShort = true;
        return;
      }
      const begin = performance.now();
      try {
        const response = await request(`${certurl}/oauth/token`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        });
        const body = await response.body.json();
        if (response.statusCode !== 200 || typeof body.access_token !== 'string') {
          errors.set(`HTTP ${response.statusCode}`, (errors.get(`HTTP ${response.statusCode}`) ?? 0) + 1);
          continue;
        }
        latencies.push(performance.now() - begin);
      } catch (error) {
        const code = error.code ?? error.message;
        errors.set(code, (errors.get(code) ?? 0) + 1);
      }
    }
  } finally {
    await agent.close();
  }
}

const runBegin = performance.now();
await Promise.all(Array.from({ length: clients }, () => runClient()));
const runMs = performance.now() - runBegin;

await trust.close();
await sandbox.stop();

latencies.sort((a, b) => a - b);
const percentile = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const errorCount = [...errors.values()].reduce((sum, count) => sum + count, 0);
const rows = [
  ['machine', `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`],
  ['sandbox start-up', `${startMs.toFixed(0)} ms (new CAs and keys, no folder)`],
  ['clients (TLS connections)', String(clients)],
  ['token requests', `${latencies.length} ok, ${errorCount} failed (planned ${clients * requestsPerClient})`],
  ['wall time', `${(runMs / 1000).toFixed(2)} s`],
  ['throughput', `${((latencies.length / runMs) * 1000).toFixed(0)} tokens/s`],
  ['latency p50 / p95 / p99 / max', `${percentile(50).toFixed(1)} / ${percentile(95).toFixed(1)} / ${percentile(99).toFixed(1)} / ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`],
];
for (const [label, value] of rows) console.log(`${label.padEnd(31)} ${value}`);
for (const [code, count] of errors) console.log(`error ${code}: ${count}`);
if (cutShort) console.log(`stopped at the ${maxMs / 1000} s bound before all requests were sent`);
process.exitCode = errorCount > 0 || cutShort ? 1 : 0;
