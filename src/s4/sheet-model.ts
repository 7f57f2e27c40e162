import type { RichText } from './rich-text.ts';
import type { RootStatus, RootTarget } from './sheet-input.ts';
import type { AutoRenewState } from './renewal.ts';

/** The S/4HANA configuration sheet, ready to render. Dates are ISO 8601 instants. */
export interface S4Sheet {
  kind: 'aicore-mtls.s4-sheet';
  schemaVersion: 1;
  title: string;
  generatedAt: string;
  generator: string;
  serviceKeySource?: string;
  /** The main names and hosts at a glance. */
  overview: SheetField[];
  warnings: string[];
  /** The work in order; each step gets a checkbox. */
  steps: SheetStep[];
  troubleshooting: TroubleshootingRow[];
  /** Every copyable value by field id, for scripts. */
  values: Record<string, string>;
  roots: SheetRoot[];
  renewal?: SheetRenewal;
}

export interface SheetStep {
  /** Stable id such as `strust-identity`; also the checkbox key in the HTML sheet. */
  id: string;
  number: number;
  /** Transaction or place (`STRUST`, `OA2C_CONFIG`, `SM59`). */
  transaction: string;
  title: string;
  instructions: RichText[];
  groups: FieldGroup[];
  notes: RichText[];
  /** PEM blocks the admin may copy (root certificates); shown collapsed. */
  attachments: Array<{ id: string; label: string; text: string }>;
}

export interface FieldGroup {
  title?: string;
  /** A short status next to the title, such as `observed` for a root seen in a live chain. */
  badge?: { text: string; tone: 'good' | 'info' | 'warn' };
  /** Source shared by all values of the group, shown once under the title. */
  description?: RichText;
  fields: SheetField[];
}

export interface SheetField {
  /** Stable id such as `oa2c.tokenEndpoint`; the key in `S4Sheet.values`. */
  id: string;
  /** The field label as the S/4HANA screen shows it. */
  label: string;
  /** The exact value to enter or compare; empty for "leave empty". */
  value: string;
  /** Shown in place of an empty value, such as `leave empty`. */
  placeholder?: string;
  /** Source of the value; empty when the group's description names it. */
  source: RichText;
  /** The service-key field the value derives from, as SAP spells it (`certurl`, `serviceurls.AI_API_URL`). */
  sourceField?: string;
  /** Whether the sheet offers a copy button (false for descriptions and empty values). */
  copy: boolean;
}

export interface TroubleshootingRow {
  symptom: RichText;
  cause: RichText;
  fix: RichText;
}

export interface SheetRoot {
  pse: RootTarget;
  /** The host whose server chain this root anchors. */
  host: string;
  status: RootStatus;
  name?: string;
  subject?: string;
  sha256Fingerprint?: string;
  source: string;
  file?: string;
}

export interface SheetRenewal {
  notBefore: string;
  notAfter: string;
  validity: string;
  validitySource: 'requested' | 'certificate';
  autoRenew: AutoRenewState;
  /** SAP's table row and lead, for example `155–365 days` and `30 days`. */
  thresholdRow: string;
  lead: string;
  /** First renewal attempt of the Destination service; absent when automatic renewal is off. */
  renewalAttemptAt?: string;
  reimportBy: string;
  reimportRule: string;
  expired: boolean;
  renewalDue: boolean;
}
