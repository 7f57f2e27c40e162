import type { S4SheetInput } from '../s4/index.ts';
import { ArtefactWriter } from './artefact-writer.ts';
import { artefactPaths } from './artefacts-step.ts';
import type { EnsuredBinding } from './binding-step.ts';
import type { SetupContext } from './context.ts';
import type { BindingRecord, CertificateRecord, VerificationRecord } from './state.ts';

/** `setup.json`: what setup did and what remains, for humans and scripts. It contains no secret. */
export interface SetupSummary {
  generator: string;
  completedAt: string;
  outDir: string;
  certificate: CertificateRecord & { autoRenew: boolean | 'unknown'; validity: string };
  binding: BindingRecord & { instanceName: string; pinning: boolean; clientid: string; url?: string; certurl: string; AI_API_URL: string };
  verification?: VerificationRecord;
  artefacts: Array<{ path: string; purpose: string; sha256: string }>;
  /** The manual S/4HANA steps, in order; the sheet has every value. */
  remainingSteps: string[];
}

export function buildSetupSummary(context: SetupContext, ensured: EnsuredBinding, sheetInput: S4SheetInput, generator: string): SetupSummary {
  const { options, state } = context;
  const credentials = ensured.credentials;
  const names = { identity: 'ISLM', oauthConfiguration: 'ISLM_OAUTH_MTLS', destination: 'ISLM_REUSE_CONNECTION', ...options.s4Names };
  const importFile = sheetInput.importFiles[0]?.path ?? '(no import file)';
  return {
    generator,
    completedAt: new Date().toISOString(),
    outDir: options.outDir,
    certificate: {
      ...state.certificate!,
      autoRenew: options.mode === 'existing' ? 'unknown' : options.autoRenew,
      validity: `${options.validity.Value} ${options.validity.TimeUnit}`,
    },
    binding: {
      ...state.binding!,
      instanceName: options.instanceName,
      pinning: options.pinning,
      clientid: credentials.clientid,
      url: credentials.url,
      certurl: credentials.certurl!,
      AI_API_URL: credentials.serviceurls?.AI_API_URL ?? '',
    },
    verification: state.verification,
    artefacts: [...(state.artefacts ?? [])],
    remainingSteps: [
      `STRUST: create the SSL client identity ${names.identity}, import ${importFile} (password of the certificate), Save As SSL Client ${names.identity}, and add the root certificates from strust/roots to the PSEs named in the sheet.`,
      `OA2C_CONFIG: configuration ${names.oauthConfiguration} with profile ISLM_SAPGENAI_OAUTH_PRF_HCP, client ID ${credentials.clientid}, Client Certificate authentication, SSL client PSE ${names.identity}, mTLS token endpoint alias from certurl.`,
      `SM59: destination ${names.destination} to the AI_API_URL host, port ${apiPort(credentials.serviceurls?.AI_API_URL)}, SSL active, OAuth settings ${names.oauthConfiguration}.`,
      `ISLM_REUSE_CFGV: Check Connection with resource group ${options.resourceGroup}; expect READY.`,
      `Open ${artefactPaths.sheetHtml} for every value with copy buttons.`,
    ],
  };
}

export async function writeSetupSummary(context: SetupContext, summary: SetupSummary): Promise<void> {
  const writer = new ArtefactWriter(context);
  await writer.write(artefactPaths.summary, `${JSON.stringify(summary, null, 2)}\n`, 'machine-readable summary of this setup (no secrets)');
}

function apiPort(url: string | undefined): string {
  try {
    return new URL(url ?? '').port || '443';
  } catch {
    return '443';
  }
}
