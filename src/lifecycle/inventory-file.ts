import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

import { parseDocument } from 'yaml';

import type { ServiceCredentials, ServiceKind } from '../credentials/index.ts';
import { LifecycleError } from './errors.ts';
import { parseInventory, type Inventory, type Reference } from './inventory.ts';

/** Inventory file name looked up in the working folder when neither option nor variable names one. */
export const defaultInventoryName = 'aicore-mtls.yaml';
export const inventoryEnvironmentVariable = 'AICORE_MTLS_INVENTORY';

/** Returns the inventory path: `--inventory`, then `AICORE_MTLS_INVENTORY`, then ./aicore-mtls.yaml. */
export function locateInventory(option: string | undefined, environment: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): { path: string; from: string } {
  if (option !== undefined && option !== '') return { path: resolve(cwd, option), from: '--inventory' };
  const fromEnvironment = environment[inventoryEnvironmentVariable];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return { path: resolve(cwd, fromEnvironment), from: inventoryEnvironmentVariable };
  return { path: join(cwd, defaultInventoryName), from: 'the working folder' };
}

/** Reads and validates an inventory file (YAML 1.2; JSON is valid YAML too). */
export async function readInventoryFile(path: string, from = 'the given path'): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new LifecycleError('ERR_INVENTORY_NOT_FOUND', `the inventory "${path}" (from ${from}) cannot be read (${code ?? 'error'})`, {
      cause,
      fix: `Create ${defaultInventoryName} (see "aicore-mtls status --help"), or name it with --inventory FILE or ${inventoryEnvironmentVariable}.`,
      details: { path, from },
      exitCode: 2,
    });
  }

  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = first.linePos?.[0];
    throw new LifecycleError('ERR_INVENTORY_INVALID', `the inventory "${path}" is not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ''}: ${first.message.split('\n')[0]}`, {
      fix: 'Correct the YAML syntax at that position.',
      details: { path, ...(line ? { line: line.line, column: line.col } : {}) },
      exitCode: 2,
    });
  }
  return parseInventory(document.toJS(), path);
}

/** Resolves a file reference against the inventory's folder. */
export function referencePath(inventory: Inventory, reference: Reference & { kind: 'file' }): string {
  return isAbsolute(reference.path) ? reference.path : join(dirname(inventory.path), reference.path);
}

/** Reads the text behind a reference (file content or environment variable). */
export async function readReference(inventory: Inventory, reference: Reference, environment: NodeJS.ProcessEnv = process.env): Promise<{ text: string; source: string }> {
  if (reference.kind === 'env') {
    const value = environment[reference.name];
    if (value === undefined || value === '') {
      throw new LifecycleError('ERR_REFERENCE_UNRESOLVED', `the environment variable ${reference.name} (${reference.text} in "${inventory.path}") is not set`, {
        fix: `Set ${reference.name}, or change the reference in the inventory.`,
        details: { reference: reference.text },
      });
    }
    return { text: value, source: reference.name };
  }
  const path = referencePath(inventory, reference);
  try {
    return { text: await readFile(path, 'utf8'), source: path };
  } catch (cause) {
    throw new LifecycleError('ERR_REFERENCE_UNRESOLVED', `the file "${path}" (${reference.text} in "${inventory.path}") cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause,
      fix: 'Check the path; relative paths resolve against the folder of the inventory.',
      details: { reference: reference.text, path },
    });
  }
}

/** Reads service-key credentials behind a reference. */
export async function readReferencedCredentials(inventory: Inventory, reference: Reference, service: ServiceKind, environment: NodeJS.ProcessEnv = process.env): Promise<ServiceCredentials> {
  const { parseCredentials } = await import('../credentials/index.ts');
  const { text, source } = await readReference(inventory, reference, environment);
  return parseCredentials(text, source, { service, sourceKind: reference.kind === 'env' ? 'environment' : 'file' });
}

/** Reads a password reference; one trailing newline of a file is removed. The value is registered as a secret. */
export async function readReferencedPassword(inventory: Inventory, reference: Reference, environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { registerSecret } = await import('../redact.ts');
  const { text } = await readReference(inventory, reference, environment);
  const password = reference.kind === 'file' ? text.replace(/\r?\n$/, '') : text;
  registerSecret(password);
  return password;
}
