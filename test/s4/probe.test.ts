import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';

import { probeServerChain } from '../../src/s4/probe.ts';
import { writeRootFiles } from '../../src/s4/root-files.ts';
import { digicertGlobalRootG2 } from '../../src/s4/root-store.ts';
import { selectRoots } from '../../src/s4/root-selection.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { closedPort, startSilentServer, startTlsServer } from './tls-server.ts';

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

test('probe reads chain up to root', async () => {
  const server = await startTlsServer();
  const result = await probeServerChain({ host: '127.0.0.1', port: server.port, extraCa: [server.pki.root.certificatePem] });
  assert.equal(result.chain.length, 3);
  assert.equal(result.chain[0]!.summary.sha256Fingerprint, fingerprint(server.pki.leaf.certificatePem));
  assert.equal(result.chain[1]!.summary.sha256Fingerprint, fingerprint(server.pki.intermediate.certificatePem));
  assert.equal(result.root.summary.sha256Fingerprint, fingerprint(server.pki.root.certificatePem));
  assert.equal(result.root.summary.subject, 'C=DE, O=aicore-mtls tests, CN=Test Root CA');
  assert.equal(result.root.summary.selfSigned, true);
  assert.equal(fingerprint(result.root.pem), result.root.summary.sha256Fingerprint);
  assert.equal(server.connections, 1);
});

test('probe works when client certificate required', async () => {
  const server = await startTlsServer({ requireClientCertificate: true });
  const result = await probeServerChain({ host: '127.0.0.1', port: server.port, extraCa: [server.pki.root.certificatePem] });
  assert.equal(result.protocol, 'TLSv1.3');
  assert.equal(result.root.summary.sha256Fingerprint, fingerprint(server.pki.root.certificatePem));
});

test('probe rejects untrusted chain', async () => {
  const server = await startTlsServer();
  await assert.rejects(probeServerChain({ host: '127.0.0.1', port: server.port }), (error: Error & { code?: string; details?: Record<string, unknown>; fix?: string }) => {
    assert.equal(error.code, 'ERR_S4_PROBE_FAILED');
    assert.equal(error.details?.systemCode, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    assert.match(error.message, /does not lead to a trusted root/);
    assert.match(error.fix ?? '', /--ca-file/);
    return true;
  });
});

test('probe rejects wrong host name', async () => {
  const server = await startTlsServer({ withoutIpAddress: true });
  await assert.rejects(probeServerChain({ host: '127.0.0.1', port: server.port, extraCa: [server.pki.root.certificatePem] }), (error: Error & { details?: Record<string, unknown> }) => {
    assert.equal(error.details?.systemCode, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.match(error.message, /does not name this host/);
    return true;
  });
});

test('probe reports refused connection', async () => {
  const port = await closedPort();
  await assert.rejects(probeServerChain({ host: '127.0.0.1', port }), { code: 'ERR_S4_PROBE_FAILED', message: new RegExp(`TLS probe of 127.0.0.1:${port} failed: the connection failed \\(ECONNREFUSED\\)`) });
});

test('probe times out on silent server', async () => {
  const port = await startSilentServer();
  await assert.rejects(probeServerChain({ host: '127.0.0.1', port, timeoutMs: 300 }), { code: 'ERR_S4_PROBE_FAILED', message: /no TLS handshake within 0.3 s \(ETIMEDOUT\)/ });
});

test('selection without probe names G2', async () => {
  const selection = await selectRoots({ certurl: { host: 'a.example', port: 443 }, aiApi: { host: 'b.example', port: 443 }, probe: false });
  assert.deepEqual(selection.warnings, []);
  const [identity, standard] = selection.roots;
  assert.equal(identity!.pse, 'identity');
  assert.equal(identity!.status, 'expected');
  assert.equal(identity!.certificate?.sha256Fingerprint, digicertGlobalRootG2.sha256Fingerprint);
  assert.equal(fingerprint(identity!.pem!), digicertGlobalRootG2.sha256Fingerprint);
  assert.equal(standard!.pse, 'DFAULT');
  assert.equal(standard!.status, 'unconfirmed');
  assert.match(standard!.note ?? '', /No SAP source names the root of b\.example/);
});

test('selection with probe observes both roots', async () => {
  const tokenHost = await startTlsServer({ requireClientCertificate: true });
  const apiHost = await startTlsServer();
  const selection = await selectRoots({
    certurl: { host: '127.0.0.1', port: tokenHost.port },
    aiApi: { host: 'localhost', port: apiHost.port },
    probe: true,
    extraCa: [tokenHost.pki.root.certificatePem, apiHost.pki.root.certificatePem],
    extraCaSource: '--ca-file "roots.pem"',
    now: new Date('2026-05-02T08:00:00Z'),
  });
  assert.deepEqual(selection.probeFailures, []);
  const [identity, standard] = selection.roots;
  assert.equal(identity!.status, 'observed');
  assert.equal(identity!.certificate?.sha256Fingerprint, fingerprint(tokenHost.pki.root.certificatePem));
  assert.match(identity!.source, new RegExp(`^TLS probe of 127\\.0\\.0\\.1:${tokenHost.port} at 2026-05-02 08:00 UTC \\(TLSv1\\.3, chain of 3, trusted through --ca-file "roots\\.pem"\\)$`));
  assert.match(identity!.note ?? '', /not to DigiCert Global Root G2/);
  assert.equal(standard!.status, 'observed');
  assert.equal(standard!.certificate?.sha256Fingerprint, fingerprint(apiHost.pki.root.certificatePem));
});

test('selection falls back when probe fails', async () => {
  const apiHost = await startTlsServer();
  const port = await closedPort();
  const selection = await selectRoots({
    certurl: { host: '127.0.0.1', port },
    aiApi: { host: '127.0.0.1', port: apiHost.port },
    probe: true,
    extraCa: [apiHost.pki.root.certificatePem],
  });
  assert.equal(selection.probeFailures.length, 1);
  assert.equal(selection.roots[0]!.status, 'expected');
  assert.equal(selection.roots[1]!.status, 'observed');
  assert.match(selection.warnings[0]!, /ECONNREFUSED.*expected root/);
});

test('root files written once per root', async () => {
  const folder = await createTempDir();
  const selection = await selectRoots({ certurl: { host: 'a.example', port: 443 }, aiApi: { host: 'b.example', port: 443 }, probe: false });
  const files = await writeRootFiles(selection.roots, folder);
  assert.equal(files.length, 1);
  assert.equal(files[0]!.path, join(folder, 'DigiCertGlobalRootG2.pem'));
  assert.equal(fingerprint(await readFile(files[0]!.path, 'utf8')), digicertGlobalRootG2.sha256Fingerprint);
  assert.equal((await stat(files[0]!.path)).mode & 0o777, 0o644);
  assert.equal(selection.roots[0]!.file?.path, files[0]!.path);
  assert.equal(selection.roots[1]!.file?.path, files[0]!.path);

  const again = await writeRootFiles(selection.roots, folder);
  assert.equal(again[0]!.written, false);

  await writeFile(files[0]!.path, 'other content');
  await assert.rejects(writeRootFiles(selection.roots, folder), { code: 'ERR_FILE_EXISTS' });
  const forced = await writeRootFiles(selection.roots, folder, { overwrite: true });
  assert.equal(forced[0]!.written, true);
});
