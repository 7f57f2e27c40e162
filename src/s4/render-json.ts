import { richToMarkdown, type RichText } from './rich-text.ts';
import type { S4Sheet, SheetField, SheetStep } from './sheet-model.ts';

/**
 * Converts the sheet to its JSON form (`kind` "aicore-mtls.s4-sheet", `schemaVersion` 1). Field
 * names are stable within a schema version, and a change that removes or renames one raises
 * the version.
 *
 * - `values`: every value by field id, for example `oa2c.tokenEndpoint`,
 *   `oa2c.mtlsTokenEndpointAlias`, `oa2c.clientId`, `sm59.host`, `sm59.port`,
 *   `strust.identity`, `islm.resourceGroup`, `renewal.reimportBy`.
 * - `steps[]`: `id`, `number`, `transaction`, `title`, `instructions` (Markdown strings),
 *   `groups[].fields[]` with `id`, `label`, `value`, `placeholder`, `source` (Markdown),
 *   `sourceField` (the service-key field as SAP spells it) and `copy`, `notes`, `attachments`.
 * - `roots[]`: `pse` (`identity` or `DFAULT`), `host`, `status` (`observed`, `expected`,
 *   `unconfirmed`), `name`, `subject`, `sha256Fingerprint`, `source`, `file`.
 * - `renewal`: ISO 8601 `notBefore`, `notAfter`, `renewalAttemptAt` (absent when automatic
 *   renewal is off), `reimportBy`, with `autoRenew`, `thresholdRow`, `lead`, `reimportRule`.
 * - `overview`, `warnings`, `troubleshooting[]` (`symptom`, `cause`, `fix` as Markdown).
 */
export function sheetToJson(sheet: S4Sheet): Record<string, unknown> {
  return {
    kind: sheet.kind,
    schemaVersion: sheet.schemaVersion,
    title: sheet.title,
    generatedAt: sheet.generatedAt,
    generator: sheet.generator,
    ...(sheet.serviceKeySource === undefined ? {} : { serviceKeySource: sheet.serviceKeySource }),
    values: sheet.values,
    overview: sheet.overview.map(fieldToJson),
    warnings: sheet.warnings,
    steps: sheet.steps.map(stepToJson),
    roots: sheet.roots,
    ...(sheet.renewal === undefined ? {} : { renewal: sheet.renewal }),
    troubleshooting: sheet.troubleshooting.map((row) => ({
      symptom: markdown(row.symptom),
      cause: markdown(row.cause),
      fix: markdown(row.fix),
    })),
  };
}

export function renderJson(sheet: S4Sheet): string {
  return `${JSON.stringify(sheetToJson(sheet), null, 2)}\n`;
}

function stepToJson(step: SheetStep): Record<string, unknown> {
  return {
    id: step.id,
    number: step.number,
    transaction: step.transaction,
    title: step.title,
    instructions: step.instructions.map(markdown),
    groups: step.groups.map((group) => ({
      ...(group.title === undefined ? {} : { title: group.title }),
      ...(group.badge === undefined ? {} : { status: group.badge.text }),
      ...(group.description === undefined ? {} : { description: markdown(group.description) }),
      fields: group.fields.map(fieldToJson),
    })),
    notes: step.notes.map(markdown),
    attachments: step.attachments,
  };
}

function fieldToJson(entry: SheetField): Record<string, unknown> {
  return {
    id: entry.id,
    label: entry.label,
    value: entry.value,
    ...(entry.placeholder === undefined ? {} : { placeholder: entry.placeholder }),
    source: markdown(entry.source),
    ...(entry.sourceField === undefined ? {} : { sourceField: entry.sourceField }),
    copy: entry.copy,
  };
}

function markdown(text: RichText): string {
  return richToMarkdown(text);
}
