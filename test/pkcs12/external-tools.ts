import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { TestPki } from '../helpers/pki.ts';

const execFileAsync = promisify(execFile);

/** Runs a command without a shell; passwords go through files, never through arguments. */
export async function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await execFileAsync(command, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  return { stdout, stderr };
}

async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args);
    return true;
  } catch {
    return false;
  }
}

export const opensslAvailable = await succeeds('openssl', ['version']);
export const opensslLegacyAvailable = opensslAvailable && (await succeeds('openssl', ['list', '-providers', '-provider', 'legacy']));
export const keytoolAvailable = await succeeds('keytool', ['-help']);

/** PEM files of a test PKI for the openssl command line. */
export interface PkiFiles {
  leaf: string;
  key: string;
  /** Intermediate and root, in that order. */
  chain: string;
}

export async function writePkiFiles(folder: string, pki: TestPki, prefix = 'pki'): Promise<PkiFiles> {
  const files = { leaf: join(folder, `${prefix}-leaf.pem`), key: join(folder, `${prefix}-key.pem`), chain: join(folder, `${prefix}-chain.pem`) };
  await writeFile(files.leaf, pki.leaf.certificatePem);
  await writeFile(files.key, pki.leaf.privateKeyPem, { mode: 0o600 });
  await writeFile(files.chain, pki.intermediate.certificatePem + pki.root.certificatePem);
  return files;
}

/** Writes a password file as openssl's `file:` and keytool's `:file` read it: the first line. */
export async function writePasswordFile(folder: string, name: string, password: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  return path;
}

/** Returns the DER certificates of a PKI, leaf first. */
export function chainDer(pki: TestPki): Uint8Array[] {
  return [pki.leaf, pki.intermediate, pki.root].map((issued) => new Uint8Array(issued.certificate.rawData));
}
