import { plain, type RichText, type TextRun } from './rich-text.ts';
import type { ClientCertificateInput, ImportFileInput, RootCertificateInput } from './sheet-input.ts';
import type { SheetField } from './sheet-model.ts';
import type { RenewalPlan } from './renewal.ts';
import type { ServiceUrl } from './endpoints.ts';

/** Values derived once from the input and shared by the step builders. */
export interface SheetContext {
  clientid: string;
  url: ServiceUrl;
  certurl: ServiceUrl;
  aiApiUrl: ServiceUrl;
  tokenEndpoint: string;
  mtlsTokenEndpointAlias: string;
  identity: string;
  identityDescription: string;
  oauthConfiguration: string;
  destination: string;
  resourceGroup: string;
  /** Whether each name was given or is the tutorial default, for the source column. */
  defaulted: { identity: boolean; oauthConfiguration: boolean; destination: boolean; resourceGroup: boolean };
  clientCertificate?: ClientCertificateInput;
  importFiles: ImportFileInput[];
  identityRoots: RootCertificateInput[];
  standardRoots: RootCertificateInput[];
  renewal?: RenewalPlan;
}

/** SAP-delivered OAuth 2.0 client profile for ISLM's generative AI connection. */
export const oauthProfile = 'ISLM_SAPGENAI_OAUTH_PRF_HCP';

export const defaultNames = {
  identity: 'ISLM',
  identityDescription: 'ISLM mTLS to SAP AI Core',
  oauthConfiguration: 'ISLM_OAUTH_MTLS',
  destination: 'ISLM_REUSE_CONNECTION',
  resourceGroup: 'default',
} as const;

/** Step numbers in the order of the work; texts refer to other steps through them. */
export const stepNumber = {
  prerequisites: 1,
  identity: 2,
  import: 3,
  identityRoot: 4,
  dfaultRoot: 5,
  icm: 6,
  oauthClient: 7,
  destination: 8,
  islm: 9,
  renewal: 10,
} as const;

/** `step 4` as plain text, for references between steps. */
export function stepRef(name: keyof typeof stepNumber): TextRun {
  return plain(`step ${stepNumber[name]}`);
}

export interface FieldOptions {
  sourceField?: string;
  placeholder?: string;
  copy?: boolean;
}

export function field(id: string, label: string, value: string, source: RichText, options: FieldOptions = {}): SheetField {
  const result: SheetField = { id, label, value, source, copy: options.copy ?? value !== '' };
  if (options.sourceField !== undefined) result.sourceField = options.sourceField;
  if (options.placeholder !== undefined) result.placeholder = options.placeholder;
  return result;
}

/** `2027-05-01 10:00 UTC`: minutes are enough for calendar entries and avoid time-zone guessing. */
export function formatUtc(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
