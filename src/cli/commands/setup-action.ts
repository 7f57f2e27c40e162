import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { readCredentialsFile } from '../../credentials/index.ts';
import { UsageError } from '../../errors.ts';
import type { PasswordSource } from '../../s4/index.ts';
import type { Certificate } from '../../material/index.ts';
import { artefactPaths, parseValidity, planSetupRequests, runSetup, type SetupEvent, type SetupOptions } from '../../setup/index.ts';
import { httpSettingsFrom } from '../connection-options.ts';
import type { Output } from '../output.ts';
import { passwordProviderFrom } from '../password-options.ts';
import { version } from '../program.ts';
import { renderDryRun, renderSetupSummary } from './setup-render.ts';

export interface SetupCommandOptions {
  destinationKey: string;
  serviceManagerKey: string;
  instance: string;
  out: string;
  certName: string;
  commonName?: string;
  validity: string;
  autoRenew?: boolean;
  pinning: 'false' | 'true';
  existing?: boolean;
  csr?: string;
  key?: string;
  bindingName?: string;
  resourceGroup: string;
  level: 'subaccount' | 'instance';
  passwordFile?: string;
  passwordEnv?: string;
  keyPasswordFile?: string;
  keyPasswordEnv?: string;
  caFile?: string[];
  identity?: string;
  oauthConfig?: string;
  destination?: string;
  probe?: boolean;
  landscape?: string;
  inventory?: string;
  state?: string;
  s4System?: string;
  dryRun?: boolean;
  force?: boolean;
}

const stepNumbers: Record<SetupEvent['step'], number> = { certificate: 1, check: 2, binding: 3, verify: 4, artefacts: 5 };

export async function runSetupCommand(options: SetupCommandOptions, output: Output): Promise<number> {
  const setupOptions = await buildSetupOptions(options, output);

  if (options.dryRun) {
    const plan = planSetupRequests(setupOptions);
    output.text(renderDryRun(plan, setupOptions));
    output.result({ dryRun: true, ...plan });
    return 0;
  }

  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    output.warn('interrupted: stopping after the current request (Ctrl-C again to quit at once; the state file stays consistent)');
  };
  process.on('SIGINT', onInterrupt);
  try {
    const result = await runSetup({ ...setupOptions, signal: controller.signal }, `aicore-mtls ${version}`);
    if (options.landscape) await registerLandscape(options, setupOptions, result.certificates, output);
    output.text(renderSetupSummary(result.summary));
    output.result(result.summary);
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

async function buildSetupOptions(options: SetupCommandOptions, output: Output): Promise<SetupOptions> {
  if (options.existing && options.csr) {
    throw new UsageError('--existing and --csr cannot be used together', { fix: 'Use --existing for a certificate that is already in the Destination service, or --csr to have a new one signed.' });
  }
  if (options.key && !options.csr) {
    throw new UsageError('--key is only used with --csr', { fix: 'For generated and existing certificates the key comes from the Destination service.' });
  }
  const certificateName = /\.[A-Za-z0-9]+$/.test(options.certName) ? options.certName : `${options.certName}.pem`;
  const validity = parseValidity(options.validity);

  const destination = await readCredentialsFile(options.destinationKey, { service: 'destination' });
  const serviceManager = await readCredentialsFile(options.serviceManagerKey, { service: 'service-manager' });
  for (const warning of [...destination.warnings, ...serviceManager.warnings]) output.warn(warning);
  for (const repair of [...destination.repairs, ...serviceManager.repairs]) output.warn(repair.message);

  const passwords = passwordProviderFrom({ passwordFile: options.passwordFile, passwordEnv: options.passwordEnv }, 'certificate password');
  const csr = options.csr ? await readCsr(options.csr) : undefined;
  const csrPrivateKey = options.key ? await readCsrKey(options) : undefined;

  let mode: SetupOptions['mode'] = 'generate';
  if (options.existing) mode = 'existing';
  else if (csr) mode = 'csr';

  return {
    destination,
    serviceManager,
    instanceName: options.instance,
    certificateName,
    mode,
    validity,
    autoRenew: options.autoRenew !== false,
    pinning: options.pinning === 'true',
    commonName: options.commonName,
    csrPem: csr,
    csrPrivateKey,
    bindingName: options.bindingName,
    resourceGroup: options.resourceGroup,
    level: options.level,
    passwords,
    passwordSource: passwordSourceOf(options),
    http: await httpSettingsFrom(options),
    outDir: resolve(options.out),
    force: options.force,
    s4Names: { identity: options.identity, oauthConfiguration: options.oauthConfig, destination: options.destination },
    probeRoots: options.probe !== false,
    onEvent: (event) => renderEvent(event, output),
  };
}

function renderEvent(event: SetupEvent, output: Output): void {
  const prefix = `[${stepNumbers[event.step]}/5] ${event.step}`;
  if (event.status === 'warning') output.warn(`${event.step}: ${event.message}`);
  else if (event.status === 'start') output.info(`${prefix}: ${event.message}`);
  else output.info(`${' '.repeat(prefix.length)}  ${event.status}: ${event.message}`);
}

function passwordSourceOf(options: SetupCommandOptions): PasswordSource {
  if (options.passwordFile) return { kind: 'file', path: resolve(options.passwordFile) };
  if (options.passwordEnv) return { kind: 'env', name: options.passwordEnv };
  return { kind: 'prompt' };
}

async function readCsr(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --csr "${path}" (${(error as NodeJS.ErrnoException).code})`, { cause: error, fix: 'Check the path of the CSR file.' });
  }
  const match = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----[\s\S]+?-----END (NEW )?CERTIFICATE REQUEST-----/.exec(text.replace(/\r\n?/g, '\n'));
  if (!match) {
    throw new UsageError(`--csr "${path}" contains no PEM certificate signing request`, { fix: 'Create one with "aicore-mtls cert csr" or give the PEM file of your CSR.' });
  }
  return `${match[0]}\n`;
}

async function readCsrKey(options: SetupCommandOptions) {
  const { readMaterialFile } = await import('../../material/index.ts');
  const passwords = passwordProviderFrom({ passwordFile: options.keyPasswordFile, passwordEnv: options.keyPasswordEnv }, 'key password');
  const material = await readMaterialFile(options.key!, { passwords });
  const key = material.privateKeys[0];
  if (!key) throw new UsageError(`--key "${options.key}" contains no private key`, { fix: 'Give the key file written by "aicore-mtls cert csr --out-key".' });
  return key.keyObject;
}

async function registerLandscape(options: SetupCommandOptions, setupOptions: SetupOptions, certificates: Certificate[], output: Output): Promise<void> {
  const { locateInventory, registerSetupInInventory } = await import('../../lifecycle/index.ts');
  const inventory = locateInventory(options.inventory);
  let password: string | undefined;
  if (options.passwordEnv) password = `env:${options.passwordEnv}`;
  else if (options.passwordFile) password = `file:${resolve(options.passwordFile)}`;
  const registered = await registerSetupInInventory({
    inventoryPath: inventory.path,
    statePath: options.state,
    landscape: options.landscape!,
    destinationServiceKey: resolve(options.destinationKey),
    certificateName: setupOptions.certificateName,
    level: options.level,
    password,
    aicoreServiceKey: join(setupOptions.outDir, artefactPaths.bindingCredentials),
    resourceGroup: options.resourceGroup,
    pinning: setupOptions.pinning,
    autoRenew: setupOptions.autoRenew,
    s4System: options.s4System ?? options.landscape!,
    identity: options.identity ?? 'ISLM',
    setupFolder: setupOptions.outDir,
    certificates,
  });
  output.info(`${registered.created ? 'added' : 'updated'} landscape ${options.landscape} in ${inventory.path}; state in ${registered.statePath}`);
}
