import { escapeMarkdownText, markdownCode, richToMarkdown } from './rich-text.ts';
import { formatUtc } from './sheet-context.ts';
import type { S4Sheet, SheetField, SheetStep } from './sheet-model.ts';

/**
 * Renders the sheet as Markdown that reads in a terminal and renders in a ticket: a checklist,
 * one section per step, values in code spans (copy them without the backticks), sources on
 * the line below, and the troubleshooting table.
 */
export function renderMarkdown(sheet: S4Sheet): string {
  const lines: string[] = [];
  lines.push(`# ${escapeMarkdownText(sheet.title)}`, '');
  const origin = sheet.serviceKeySource ? ` from the service key ${markdownCode(sheet.serviceKeySource)}` : '';
  lines.push(`Generated ${formatUtc(sheet.generatedAt)} by ${escapeMarkdownText(sheet.generator)}${origin}. It contains no passwords, secrets or private keys.`);
  lines.push('Every value stands in backticks; copy it without them.', '');

  lines.push('## Overview', '', '| Item | Value |', '| --- | --- |');
  for (const entry of sheet.overview) lines.push(`| ${tableCell(escapeMarkdownText(entry.label))} | ${tableCell(markdownCode(entry.value))} |`);
  lines.push('');

  if (sheet.warnings.length > 0) {
    lines.push('## Warnings', '');
    for (const warning of sheet.warnings) lines.push(`- ${escapeMarkdownText(warning)}`);
    lines.push('');
  }

  lines.push('## Checklist', '');
  for (const step of sheet.steps) lines.push(`- [ ] ${stepHeading(step)}`);
  lines.push('');

  for (const step of sheet.steps) lines.push(...renderStep(step));

  lines.push('## Troubleshooting', '', '| Symptom | Cause | Fix |', '| --- | --- | --- |');
  for (const row of sheet.troubleshooting) {
    lines.push(`| ${tableCell(richToMarkdown(row.symptom))} | ${tableCell(richToMarkdown(row.cause))} | ${tableCell(richToMarkdown(row.fix))} |`);
  }
  lines.push('');

  // Both PSEs may need the same root; its PEM is printed once.
  const attachments = sheet.steps
    .flatMap((step) => step.attachments)
    .filter((attachment, index, all) => all.findIndex((other) => other.text === attachment.text) === index);
  if (attachments.length > 0) {
    lines.push('## Root certificates (PEM)', '', 'Save a block as a `.pem` file for STRUST "Import certificate" when no file was written for it.', '');
    for (const attachment of attachments) {
      lines.push(`${escapeMarkdownText(attachment.label)}:`, '', '```', attachment.text.trimEnd(), '```', '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function stepHeading(step: SheetStep): string {
  return `${step.number}. ${escapeMarkdownText(step.transaction)}: ${escapeMarkdownText(step.title)}`;
}

function renderStep(step: SheetStep): string[] {
  const lines = [`## ${stepHeading(step)}`, ''];
  step.instructions.forEach((instruction, index) => lines.push(`${index + 1}. ${richToMarkdown(instruction)}`));
  if (step.instructions.length > 0) lines.push('');

  for (const group of step.groups) {
    if (group.title) {
      const badge = group.badge ? ` (${escapeMarkdownText(group.badge.text)})` : '';
      lines.push(`**${escapeMarkdownText(group.title)}**${badge}`, '');
    }
    if (group.description) lines.push(richToMarkdown(group.description), '');
    for (const entry of group.fields) lines.push(...renderField(entry));
    lines.push('');
  }
  for (const note of step.notes) lines.push(`> ${richToMarkdown(note)}`, '');
  return lines;
}

function renderField(entry: SheetField): string[] {
  const value = entry.value === '' ? `_${escapeMarkdownText(entry.placeholder ?? 'leave empty')}_` : markdownCode(entry.value);
  const line = `- **${escapeMarkdownText(entry.label)}:** ${value}`;
  if (entry.source.length === 0) return [line];
  // Two trailing spaces make a hard line break, so the source sits under the value.
  return [`${line}  `, `  source: ${richToMarkdown(entry.source)}`];
}

/** Escapes the pipes that would end a table cell; `\|` inside a code span renders as `|` in GFM tables. */
function tableCell(text: string): string {
  return text.replace(/(?<!\\)\|/g, '\\|').replace(/\n/g, ' ');
}
