import { createHash } from 'node:crypto';

import { writeFileAtomic } from '../fs/atomic-write.ts';
import { escapeHtml } from '../s4/rich-text.ts';
import type { LandscapeStatus } from './landscape-status.ts';
import type { StatusReport } from './status.ts';

const css = `
:root { --bg:#f4f6f8; --card:#fff; --text:#1d2d3e; --muted:#5b6b7b; --line:#d9e0e6;
  --ok:#107e3e; --warn:#a45a00; --bad:#bb0000; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --bg:#12171c; --card:#1b232b; --text:#e6edf3; --muted:#9aa8b5; --line:#2e3a46;
  --ok:#4cc38a; --warn:#f0a545; --bad:#ff6b6b; } }
body { margin:0; background:var(--bg); color:var(--text); font:14px/1.5 system-ui, sans-serif; }
main { max-width:1200px; margin:0 auto; padding:24px; }
table { width:100%; border-collapse:collapse; background:var(--card); }
th, td { text-align:left; vertical-align:top; padding:8px 10px; border-bottom:1px solid var(--line); }
th { color:var(--muted); font-weight:600; }
code { font-family:ui-monospace, Menlo, Consolas, monospace; font-size:0.9em; word-break:break-all; }
.verdict { font-weight:700; white-space:nowrap; }
.OK { color:var(--ok); } .EXPIRING, .RENEWED_NOT_IMPORTED { color:var(--warn); } .BROKEN, .EXPIRED { color:var(--bad); }
ul { margin:0; padding-left:18px; } .muted { color:var(--muted); }
`;

/**
 * Renders the status report as one self-contained HTML page: an inline style sheet allowed by
 * hash in a Content-Security-Policy that blocks every other load and all scripts. Every value is
 * HTML-escaped. The page contains fingerprints and dates, never a key or password.
 */
export function renderStatusHtml(report: StatusReport): string {
  const policy = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'; base-uri 'none'; form-action 'none'`;
  const counts = new Map<string, number>();
  for (const landscape of report.landscapes) counts.set(landscape.verdict, (counts.get(landscape.verdict) ?? 0) + 1);
  const summary = [...counts].map(([verdict, count]) => `<span class="verdict ${verdict}">${count} ${verdict}</span>`).join(' · ');

  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // The policy contains no quote or angle bracket (base64 hash, fixed words), so it needs no escaping.
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>aicore-mtls certificate status</title>',
    `<style>${css}</style></head><body><main>`,
    '<h1>Client certificate status per landscape</h1>',
    `<p class="muted">As of ${escapeHtml(report.evaluatedAt)}; warn within ${report.warnDays} days, fail within ${report.failDays} days. Worst verdict: <span class="verdict ${report.verdict}">${report.verdict}</span> (exit code ${report.exitCode}).</p>`,
    `<p>${summary}</p>`,
    '<table><thead><tr><th>Landscape</th><th>Verdict</th><th>SAP BTP (Destination service)</th><th>S/4HANA (STRUST)</th><th>Renewal</th><th>Findings</th></tr></thead><tbody>',
    ...report.landscapes.map(renderRow),
    '</tbody></table>',
    '</main></body></html>',
    '',
  ].join('\n');
}

function renderRow(status: LandscapeStatus): string {
  const btp = status.btp.certificate;
  const s4 = status.s4.certificate;
  const btpCell = btp ? certificateCell(btp.notAfter, btp.daysLeft, btp.sha256) : `<span class="muted">not readable</span>`;
  const s4Cell = s4 ? certificateCell(s4.notAfter, s4.daysLeft, s4.sha256) : '<span class="muted">not recorded</span>';
  const renewal = status.renewal ? `auto-renew ${escapeHtml(status.renewal.autoRenew)}<br>attempt ${escapeHtml(status.renewal.attemptAt.slice(0, 10))}<br>re-import by ${escapeHtml(status.renewal.reimportBy.slice(0, 10))}` : '';
  const findings = status.findings.map((finding) => `<li><span class="${finding.verdict}">${escapeHtml(finding.verdict)}</span> ${escapeHtml(finding.message)}</li>`).join('');
  const system = `${status.s4.system}${status.s4.client ? `/${status.s4.client}` : ''} · ${status.s4.identity}`;
  return `<tr><td><strong>${escapeHtml(status.landscape)}</strong><br><span class="muted">${escapeHtml(system)} · pinning ${escapeHtml(String(status.pinning))}</span></td><td class="verdict ${status.verdict}">${status.verdict}${status.urgent ? ' (urgent)' : ''}</td><td>${btpCell}</td><td>${s4Cell}</td><td>${renewal}</td><td><ul>${findings}</ul></td></tr>`;
}

function certificateCell(notAfter: string | undefined, daysLeft: number | undefined, sha256: string): string {
  const validity = notAfter ? `until ${escapeHtml(notAfter.slice(0, 10))}${daysLeft === undefined ? '' : ` (${daysLeft} d)`}` : 'validity unknown';
  return `${validity}<br><code title="SHA-256">${escapeHtml(sha256.slice(0, 16))}…</code>`;
}

/** Writes the HTML report through a temporary file and rename. */
export async function writeStatusHtml(path: string, report: StatusReport): Promise<void> {
  await writeFileAtomic(path, renderStatusHtml(report), { mode: 0o644, overwrite: true });
}
