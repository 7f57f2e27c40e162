import { createHash } from 'node:crypto';

import { sheetCss, sheetScript } from './html-assets.ts';
import { escapeHtml, richToHtml } from './rich-text.ts';
import { formatUtc } from './sheet-context.ts';
import type { FieldGroup, S4Sheet, SheetField, SheetStep } from './sheet-model.ts';

/**
 * Renders the sheet as one self-contained HTML page: inline style and script only, allowed
 * by hash in a Content-Security-Policy that blocks every other load, so opening the page
 * sends no request. Every value is HTML-escaped and has a copy button. Every step has a
 * checkbox, and the browser that opened the file keeps its state in localStorage.
 */
export function renderHtml(sheet: S4Sheet): string {
  const policy = [
    "default-src 'none'",
    `style-src '${cspHash(sheetCss)}'`,
    `script-src '${cspHash(sheetScript)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  const sheetId = createHash('sha256').update(JSON.stringify(sheet.values)).digest('hex').slice(0, 16);
  const origin = sheet.serviceKeySource ? ` from the service key <code>${escapeHtml(sheet.serviceKeySource)}</code>` : '';
  const body = [
    '<header class="page-header"><div class="wrap">',
    '<p class="eyebrow">aicore-mtls · SAP S/4HANA</p>',
    '<h1>S/4HANA configuration sheet</h1>',
    '<p class="subtitle">ISLM to SAP AI Core over mutual TLS</p>',
    `<p class="meta">Generated ${escapeHtml(formatUtc(sheet.generatedAt))} by ${escapeHtml(sheet.generator)}${origin}. This page contains no passwords, secrets or private keys, and it loads nothing from the network.</p>`,
    `<div class="progress"><span id="progress-text">0 of ${sheet.steps.length} steps done</span><div class="bar"><div class="bar-fill" id="progress-bar"></div></div></div>`,
    '</div></header>',
    '<main class="wrap">',
    renderOverview(sheet),
    renderWarnings(sheet),
    renderContents(sheet),
    ...sheet.steps.map(renderStep),
    renderTroubleshooting(sheet),
    '</main>',
    `<footer class="wrap">${escapeHtml(sheet.generator)} · sheet format ${sheet.schemaVersion} · tick a step when it is done; the ticks stay in this browser.</footer>`,
  ].join('\n');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // The policy holds only keywords and base64 hashes, never a quote or angle bracket, so it stays unescaped and readable.
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(sheet.title)}</title>`,
    `<style>${sheetCss}</style>`,
    '</head>',
    `<body data-sheet-id="${sheetId}">`,
    body,
    `<script>${sheetScript}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function cspHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** Renders the overview as a compact summary without copy buttons, because the steps offer them. */
function renderOverview(sheet: S4Sheet): string {
  const items = sheet.overview
    .map((entry) => `<div class="summary-item"><dt>${escapeHtml(entry.label)}</dt><dd><code class="value">${escapeHtml(entry.value)}</code></dd></div>`)
    .join('');
  return `<section class="card overview" aria-labelledby="overview-title"><h2 id="overview-title">Overview</h2><dl class="summary">${items}</dl></section>`;
}

function renderWarnings(sheet: S4Sheet): string {
  if (sheet.warnings.length === 0) return '';
  const items = sheet.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join('');
  return `<section class="card warnings" role="note" aria-labelledby="warnings-title"><h2 id="warnings-title">Warnings</h2><ul>${items}</ul></section>`;
}

function renderContents(sheet: S4Sheet): string {
  const items = sheet.steps
    .map(
      (step) =>
        `<li data-toc="${escapeHtml(step.id)}"><a href="#step-${escapeHtml(step.id)}"><span class="toc-number">${step.number}.</span>${escapeHtml(step.transaction)}: ${escapeHtml(step.title)}</a></li>`,
    )
    .join('');
  return `<nav class="card toc" aria-labelledby="toc-title"><h2 id="toc-title">Steps</h2><ol>${items}</ol></nav>`;
}

function renderStep(step: SheetStep): string {
  const id = escapeHtml(step.id);
  const parts = [
    `<section class="step" id="step-${id}" aria-labelledby="title-${id}">`,
    '<div class="step-header">',
    `<span class="step-number" aria-hidden="true">${step.number}</span>`,
    `<div class="step-title"><p class="transaction">${escapeHtml(step.transaction)}</p><h2 id="title-${id}">${escapeHtml(step.title)}</h2></div>`,
    `<label class="done"><input type="checkbox" data-step="${id}" aria-label="Step ${step.number} done"><span>Done</span></label>`,
    '</div>',
  ];
  if (step.instructions.length > 0) {
    parts.push(`<ol class="instructions">${step.instructions.map((instruction) => `<li>${richToHtml(instruction)}</li>`).join('')}</ol>`);
  }
  for (const group of step.groups) parts.push(renderGroup(group));
  if (step.notes.length > 0) {
    parts.push(`<div class="notes">${step.notes.map((note) => `<p class="note">${richToHtml(note)}</p>`).join('')}</div>`);
  }
  for (const attachment of step.attachments) {
    const targetId = `v-${domId(attachment.id)}`;
    parts.push(
      `<details class="attachment"><summary>${escapeHtml(attachment.label)}</summary><div class="attachment-body">` +
        `<pre class="value" id="${targetId}">${escapeHtml(attachment.text)}</pre>` +
        copyButton(attachment.text, targetId, attachment.label) +
        '</div></details>',
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

function renderGroup(group: FieldGroup): string {
  const badge = group.badge ? ` <span class="badge badge-${group.badge.tone}">${escapeHtml(group.badge.text)}</span>` : '';
  const title = group.title ? `<h3>${escapeHtml(group.title)}${badge}</h3>` : '';
  const description = group.description ? `<p class="group-description">${richToHtml(group.description)}</p>` : '';
  return `<div class="group">${title}${description}${renderFields(group.fields)}</div>`;
}

function renderFields(fields: SheetField[]): string {
  return `<div class="fields">${fields.map(renderField).join('')}</div>`;
}

function renderField(entry: SheetField): string {
  const targetId = `v-${domId(entry.id)}`;
  const value =
    entry.value === ''
      ? `<span class="value empty" id="${targetId}">${escapeHtml(entry.placeholder ?? 'leave empty')}</span>`
      : `<code class="value" id="${targetId}">${escapeHtml(entry.value)}</code>`;
  const sourceField = entry.sourceField ? ` data-source-field="${escapeHtml(entry.sourceField)}"` : '';
  const button = entry.copy && entry.value !== '' ? copyButton(entry.value, targetId, entry.label) : '<span></span>';
  return (
    `<div class="field" data-field="${escapeHtml(entry.id)}"${sourceField}>` +
    `<div class="label">${escapeHtml(entry.label)}</div>` +
    `<div class="value-cell">${value}${entry.source.length > 0 ? `<div class="source">${richToHtml(entry.source)}</div>` : ''}</div>` +
    button +
    '</div>'
  );
}

function copyButton(value: string, targetId: string, label: string): string {
  const encoded = escapeHtml(value).replace(/\n/g, '&#10;');
  return `<button type="button" class="copy" data-target="${targetId}" data-value="${encoded}" aria-label="Copy ${escapeHtml(label)}">Copy</button>`;
}

function renderTroubleshooting(sheet: S4Sheet): string {
  const rows = sheet.troubleshooting
    .map((row) => `<tr><td>${richToHtml(row.symptom)}</td><td>${richToHtml(row.cause)}</td><td>${richToHtml(row.fix)}</td></tr>`)
    .join('');
  return (
    '<section class="card" aria-labelledby="troubleshooting-title"><h2 id="troubleshooting-title">Troubleshooting</h2>' +
    `<table><thead><tr><th scope="col">Symptom</th><th scope="col">Cause</th><th scope="col">Fix</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

/** Converts a field id to an HTML id of letters, digits and hyphens. */
function domId(id: string): string {
  return id.replace(/[^A-Za-z0-9]+/g, '-');
}
