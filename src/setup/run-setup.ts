import { mkdir } from 'node:fs/promises';

import type { ConnectionCheckResult } from '../check/connection-check.ts';
import { PasswordMissingError } from '../errors.ts';
import type { Certificate } from '../material/index.ts';
import { TokenCache } from '../xsuaa/index.ts';
import { writeArtefacts } from './artefacts-step.ts';
import { ensureBinding, findInstanceId } from './binding-step.ts';
import { obtainCertificate } from './certificate-step.ts';
import { checkCertificate } from './check-step.ts';
import { createSetupContext } from './context.ts';
import { defaultBindingName, type SetupOptions } from './options.ts';
import { assertSameInputs, loadSetupState, type SetupInputs, type SetupState } from './state.ts';
import { buildSetupSummary, writeSetupSummary, type SetupSummary } from './summary.ts';
import { verifyConnection } from './verify-step.ts';

export interface SetupResult {
  summary: SetupSummary;
  state: SetupState;
  verification?: ConnectionCheckResult;
  /** The client certificate chain written into the STRUST files, leaf first. */
  certificates: Certificate[];
}

/**
 * Runs the SAP BTP part of the ISLM mTLS switch: client certificate from the Destination
 * service, offline check, SAP AI Core x509 binding, live check over mTLS, and the files for
 * S/4HANA.
 *
 * Progress is recorded in `outDir` after each step. A re-run with the same inputs continues
 * from there: it downloads the certificate it generated before and reuses the binding it
 * created, instead of creating a second one.
 */
export async function runSetup(options: SetupOptions, generator: string): Promise<SetupResult> {
  // The password is needed for every mode but CSR; asking first leaves nothing behind when it is missing.
  if (options.mode !== 'csr' && (await options.passwords({ subject: `the client certificate "${options.certificateName}"` })) === undefined) {
    throw new PasswordMissingError(`the client certificate "${options.certificateName}"`, {
      message: `no password was given for the client certificate "${options.certificateName}"`,
      fix: 'The password protects the generated key and the STRUST import files. Give it with --password-file FILE or --password-env NAME, or run in a terminal to be prompted.',
    });
  }
  await mkdir(options.outDir, { recursive: true });
  const inputs = setupInputs(options);
  const recorded = await loadSetupState(options.outDir);
  if (recorded) assertSameInputs(recorded, inputs, options.outDir);

  const now = new Date().toISOString();
  const state: SetupState = recorded ?? { version: 1, createdAt: now, updatedAt: now, inputs, completedSteps: [] };
  state.inputs = inputs;
  const context = createSetupContext(options, state, recorded !== undefined, options.tokenCache ?? new TokenCache());
  await context.save();

  const markDone = async (step: string) => {
    if (!state.completedSteps.includes(step)) state.completedSteps.push(step);
    await context.save();
  };

  // A wrong instance name must fail before a certificate is created in the Destination service.
  if (!state.instanceId) {
    state.instanceId = await findInstanceId(context);
    await context.save();
  }
  context.checkAborted();

  context.emit('certificate', 'start', `client certificate "${options.certificateName}" from the Destination service`);
  const obtained = await obtainCertificate(context);
  for (const warning of obtained.warnings) context.emit('certificate', 'warning', warning);
  context.checkAborted();

  context.emit('check', 'start', 'offline check of chain, key, validity and strength');
  checkCertificate(context, obtained);
  await markDone('certificate');
  context.checkAborted();

  context.emit('binding', 'start', `SAP AI Core x509 binding on instance "${options.instanceName}"`);
  const ensured = await ensureBinding(context, obtained);
  await markDone('binding');
  context.checkAborted();

  context.emit('verify', 'start', 'token from certurl over mTLS, then SAP AI Core');
  const verification = await verifyConnection(context, obtained, ensured);
  await markDone('verify');
  context.checkAborted();

  context.emit('artefacts', 'start', `files for S/4HANA and SAP AI SDK users in ${options.outDir}`);
  const password = await options.passwords({ subject: `the client certificate "${options.certificateName}"` });
  // On a failure the files written so far are recorded, so the re-run owns them and needs no --force.
  // NOTE: a killed process (SIGKILL, power loss) records none of them, so its re-run needs --force.
  const sheetInput = await writeArtefacts(context, { obtained, ensured, password }, generator).catch(async (error: unknown) => {
    await context.save();
    throw error;
  });
  const summary = buildSetupSummary(context, ensured, sheetInput, generator);
  await writeSetupSummary(context, summary);
  await markDone('artefacts');
  context.emit('artefacts', 'done', `${state.artefacts?.length ?? 0} files written`);
  return { summary, state, verification, certificates: obtained.certificates };
}

export function setupInputs(options: SetupOptions): SetupInputs {
  return {
    certificateName: options.certificateName,
    mode: options.mode,
    validity: options.validity,
    autoRenew: options.autoRenew,
    pinning: options.pinning,
    instanceName: options.instanceName,
    bindingName: options.bindingName ?? defaultBindingName(options.certificateName),
    resourceGroup: options.resourceGroup,
  };
}
