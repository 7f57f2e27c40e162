import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

import { createTempDir } from '../helpers/temp-dir.ts';
import type { TestPkis } from './https-server.ts';

export const opensslPath = '/usr/bin/openssl';
export const hasOpenssl = existsSync(opensslPath);

/**
 * Starts `openssl s_server` on 127.0.0.1 with the test server certificate, requiring a client
 * certificate issued under the client test root. Unlike a Node server, OpenSSL rejects an
 * unverifiable client certificate with a TLS alert (unknown_ca), as TLS terminators in front
 * of real services do.
 */
export async function startOpensslServer(pkis: TestPkis): Promise<{ url: string; close(): Promise<void> }> {
  const folder = await createTempDir();
  await writeFile(join(folder, 'cert.pem'), pkis.server.leaf.certificatePem);
  await writeFile(join(folder, 'chain.pem'), pkis.server.intermediate.certificatePem);
  await writeFile(join(folder, 'key.pem'), pkis.server.leaf.privateKeyPem, { mode: 0o600 });
  await writeFile(join(folder, 'ca.pem'), pkis.client.root.certificatePem);
  const port = await freePort();

  const child = spawn(
    opensslPath,
    [
      's_server',
      '-accept', `127.0.0.1:${port}`,
      '-cert', join(folder, 'cert.pem'),
      '-cert_chain', join(folder, 'chain.pem'),
      '-key', join(folder, 'key.pem'),
      '-CAfile', join(folder, 'ca.pem'),
      '-Verify', '2',
      '-verify_return_error',
      '-www',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForAccept(child);
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

function waitForAccept(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`openssl s_server did not start: ${output}`)), 5000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ACCEPT')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl s_server exited with ${code}: ${output}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
