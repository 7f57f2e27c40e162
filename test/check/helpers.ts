import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Sandbox } from '../../src/sandbox/index.ts';
import { runSetup, type SetupResult } from '../../src/setup/index.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { certificatePassword, sandboxSetupOptions } from '../setup/helpers.ts';

/** A finished setup against the sandbox, plus the files a user of `check` has. */
export interface CheckFixture {
  result: SetupResult;
  /** The setup folder. */
  outDir: string;
  /** Folder for files the test writes. */
  workDir: string;
  /** The sandbox CA for --ca-file. */
  caFile: string;
  /** A file holding the certificate password, for --password-file. */
  passwordFile: string;
  /** aicore-service-key.json: x509 credentials with certificate and key. */
  serviceKeyPath: string;
  serviceKey: Record<string, unknown>;
  /** aicore-binding.json: the binding credentials, certificate but no key. */
  bindingCredentialsPath: string;
  bindingCredentials: Record<string, unknown>;
  /** STRUST PKCS#12 with the key and chain. */
  p12Path: string;
  /** Chain and unencrypted key as the Python config points to them. */
  certificatePath: string;
  keyPath: string;
}

/**
 * Runs setup in this process against `sandbox` and collects the files. Call it with top-level
 * await: createTempDir registers an after() that would run when a before() hook ends.
 */
export async function prepareCheckFixture(sandbox: Sandbox, certificateName: string): Promise<CheckFixture> {
  const options = await sandboxSetupOptions(sandbox, { certificateName });
  const result = await runSetup(options, 'aicore-mtls test');
  const outDir = options.outDir;
  const workDir = await createTempDir('aicore-mtls-check-');
  const caFile = join(workDir, 'sandbox-ca.pem');
  await writeFile(caFile, sandbox.caCertificatePem);
  const passwordFile = join(workDir, 'certificate.pass');
  await writeFile(passwordFile, `${certificatePassword}\n`, { mode: 0o600 });

  const serviceKeyPath = join(outDir, 'aicore-service-key.json');
  const bindingCredentialsPath = join(outDir, 'aicore-binding.json');
  const base = certificateName.replace(/\.[A-Za-z0-9]+$/, '');
  return {
    result,
    outDir,
    workDir,
    caFile,
    passwordFile,
    serviceKeyPath,
    serviceKey: JSON.parse(await readFile(serviceKeyPath, 'utf8')) as Record<string, unknown>,
    bindingCredentialsPath,
    bindingCredentials: JSON.parse(await readFile(bindingCredentialsPath, 'utf8')) as Record<string, unknown>,
    p12Path: join(outDir, 'strust', `${base}.p12`),
    certificatePath: join(outDir, 'python', 'client-certificate.pem'),
    keyPath: join(outDir, 'python', 'client-key.pem'),
  };
}
