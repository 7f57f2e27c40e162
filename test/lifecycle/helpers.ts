import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Sandbox } from '../../src/sandbox/index.ts';
import { runSetup, type SetupResult } from '../../src/setup/index.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { certificatePassword, sandboxSetupOptions } from '../setup/helpers.ts';

export interface LandscapeFixture {
  name: string;
  certificateName: string;
  setup: SetupResult;
  outDir: string;
}

/** Creates a folder with the sandbox's Destination key, the certificate password and the sandbox CA, for an inventory to reference. */
export async function createInventoryFolder(sandbox: Sandbox): Promise<string> {
  const folder = await createTempDir('aicore-mtls-lifecycle-');
  await writeFile(join(folder, 'destination-key.json'), JSON.stringify(sandbox.destinationServiceKey), { mode: 0o600 });
  await writeFile(join(folder, 'certificate.pass'), `${certificatePassword}\n`, { mode: 0o600 });
  await writeFile(join(folder, 'sandbox-ca.pem'), sandbox.caCertificatePem);
  return folder;
}

/** Runs setup for one landscape against the sandbox, writing into `<folder>/<name>-setup`. */
export async function setUpLandscape(sandbox: Sandbox, folder: string, name: string, overrides: { autoRenew?: boolean; pinning?: boolean } = {}): Promise<LandscapeFixture> {
  const certificateName = `${name.toLowerCase()}-islm.pem`;
  const outDir = join(folder, `${name}-setup`);
  const options = await sandboxSetupOptions(sandbox, { certificateName, outDir, ...overrides });
  const setup = await runSetup(options, 'aicore-mtls lifecycle test');
  return { name, certificateName, setup, outDir };
}

/** Writes aicore-mtls.yaml for the fixtures, with references relative to `folder`. */
export async function writeInventory(folder: string, fixtures: readonly LandscapeFixture[]): Promise<string> {
  const lines = ['# written by the lifecycle tests', 'version: 1', 'landscapes:'];
  for (const fixture of fixtures) {
    lines.push(
      `  - name: ${fixture.name}`,
      '    destination:',
      '      serviceKey: destination-key.json',
      `      certificateName: ${fixture.certificateName}`,
      '      password: file:certificate.pass',
      '    aicore:',
      `      serviceKey: ${fixture.name}-setup/aicore-binding.json`,
      '      resourceGroup: default',
      `    s4: { system: S4${fixture.name.slice(0, 1)}, client: "100", identity: ISLM }`,
      `    setup: ${fixture.name}-setup`,
    );
  }
  const path = join(folder, 'aicore-mtls.yaml');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}
