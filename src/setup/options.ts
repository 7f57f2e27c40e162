import type { KeyObject } from 'node:crypto';

import type { CertificateLevel } from '../btp/destination/index.ts';
import type { ServiceCredentials } from '../credentials/index.ts';
import type { HttpSettings } from '../http/index.ts';
import type { PasswordProvider } from '../password.ts';
import type { PasswordSource } from '../s4/index.ts';
import type { TokenCache } from '../xsuaa/index.ts';
import type { CertificateSourceMode } from './state.ts';
import type { CertificateValidity } from './validity.ts';

export interface SetupOptions {
  /** Destination service key (client secret or x509); it issues the client certificate. */
  destination: ServiceCredentials;
  /** Service Manager key (plan subaccount-admin); it creates the SAP AI Core binding. */
  serviceManager: ServiceCredentials;
  /** Name of the SAP AI Core service instance (offering `aicore`). */
  instanceName: string;
  /** Name of the certificate in the Destination service, with its extension, e.g. `aicore-mtls.pem`. */
  certificateName: string;
  mode: CertificateSourceMode;
  /** Validity of a generated certificate. */
  validity: CertificateValidity;
  /** `Attributes.AutomaticRenew` of a generated certificate. */
  autoRenew: boolean;
  /** `certificate-pinning` of the binding; false keeps a renewed certificate with the same DNs working. */
  pinning: boolean;
  /** `Attributes.CN`; the certificate name without its extension by default. */
  commonName?: string;
  /** PEM certificate signing request, for mode `csr`. */
  csrPem?: string;
  /** The private key of the CSR, when the admin has it; without it the live check is skipped. */
  csrPrivateKey?: KeyObject;
  /** Name of the SAP AI Core binding; `<certificate name without extension>-mtls` by default. */
  bindingName?: string;
  resourceGroup: string;
  /** Destination certificate store: subaccount (default) or instance level. */
  level?: CertificateLevel;
  /**
   * Password of the certificate: `Attributes.Password` for generation, the key password for
   * reading, and the password of the STRUST import files.
   */
  passwords: PasswordProvider;
  /** Source of that password, for the S/4HANA sheet (never the password itself). */
  passwordSource: PasswordSource;
  /** CA certificates, proxy settings, timeouts and retries of every HTTP call. */
  http: HttpSettings;
  /** Folder for the state file and every artefact. */
  outDir: string;
  /** Replace files in `outDir` that an earlier run of this setup did not write. */
  force?: boolean;
  /** Names of the S/4HANA objects for the configuration sheet. */
  s4Names?: { identity?: string; oauthConfiguration?: string; destination?: string };
  /** Connect to the certurl and AI_API_URL hosts to read the roots they serve (default true). */
  probeRoots?: boolean;
  onEvent?: (event: SetupEvent) => void;
  /** Aborts between steps and between polls; the state file stays consistent. */
  signal?: AbortSignal;
  /** Token cache shared by the clients; a fresh one per run by default. */
  tokenCache?: TokenCache;
}

export type SetupStepName = 'certificate' | 'check' | 'binding' | 'verify' | 'artefacts';

export interface SetupEvent {
  step: SetupStepName;
  status: 'start' | 'done' | 'reused' | 'skipped' | 'warning';
  message: string;
}

/** Default binding name for a certificate name: `aicore-mtls.pem` → `aicore-mtls-mtls`. */
export function defaultBindingName(certificateName: string): string {
  const base = certificateName.replace(/\.[A-Za-z0-9]+$/, '');
  return base.endsWith('mtls') ? base : `${base}-mtls`;
}

/** `aicore-mtls.pem` → `aicore-mtls`, used for file names and the default common name. */
export function certificateBaseName(certificateName: string): string {
  return certificateName.replace(/\.[A-Za-z0-9]+$/, '');
}
