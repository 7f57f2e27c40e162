import { UsageError } from '../../errors.ts';
import type { Inventory, LandscapeStatus, StateStore, StatusReport } from '../../lifecycle/index.ts';
import { httpSettingsFrom } from '../connection-options.ts';
import type { Output } from '../output.ts';

export interface StatusCommandOptions {
  inventory?: string;
  state?: string;
  landscape?: string;
  check?: boolean;
  warnDays: number;
  failDays: number;
  concurrency: number;
  prometheus?: string;
  html?: string;
  at?: string;
  busyTimeout: number;
  caFile?: string[];
}

/** Reads the inventory and opens the state database the way every lifecycle command does. */
export async function openLifecycle(options: { inventory?: string; state?: string; busyTimeout?: number }): Promise<{ inventory: Inventory; store: StateStore }> {
  const { defaultStatePath, locateInventory, readInventoryFile, StateStore } = await import('../../lifecycle/index.ts');
  const located = locateInventory(options.inventory);
  const inventory = await readInventoryFile(located.path, located.from);
  const store = StateStore.open(defaultStatePath(inventory.path, options.state), { busyTimeoutMs: options.busyTimeout });
  return { inventory, store };
}

/** Parses `--at`; the system clock when absent. */
export function evaluationClock(at: string | undefined): () => Date {
  if (at === undefined) return () => new Date();
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(at)) {
    throw new UsageError(`--at "${at}" is not an ISO 8601 timestamp`, { fix: 'Write it like 2027-06-01T00:00:00Z.' });
  }
  return () => date;
}

export async function runStatusCommand(options: StatusCommandOptions, output: Output): Promise<number> {
  if (options.failDays > options.warnDays) {
    throw new UsageError(`--fail-days ${options.failDays} is larger than --warn-days ${options.warnDays}`, { fix: 'Give a --fail-days value at most --warn-days.' });
  }
  const now = evaluationClock(options.at);
  const http = await httpSettingsFrom(options);
  const { runStatus, writePrometheusFile, writeStatusHtml } = await import('../../lifecycle/index.ts');
  const { inventory, store } = await openLifecycle(options);
  let report: StatusReport;
  try {
    report = await runStatus({ inventory, store, http, landscape: options.landscape, check: options.check === true, warnDays: options.warnDays, failDays: options.failDays, concurrency: options.concurrency, now });
  } finally {
    store.close();
  }

  for (const landscape of report.landscapes) {
    for (const warning of landscape.warnings) output.warn(`${landscape.landscape}: ${warning}`);
  }
  if (options.prometheus !== undefined) {
    await writePrometheusFile(options.prometheus, report.landscapes, new Date(report.evaluatedAt));
    output.info(`metrics written to ${options.prometheus}`);
  }
  if (options.html !== undefined) {
    await writeStatusHtml(options.html, report);
    output.info(`HTML report written to ${options.html}`);
  }
  output.text(renderStatus(report));
  output.result(report);
  return report.exitCode;
}

/** One block per landscape: verdict, the two certificates, renewal dates, findings. */
export function renderStatus(report: StatusReport): string {
  const lines = [`status as of ${report.evaluatedAt} (warn ${report.warnDays} d, fail ${report.failDays} d)`];
  for (const landscape of report.landscapes) lines.push('', ...renderLandscape(landscape));
  lines.push('', `worst verdict: ${report.verdict} (exit code ${report.exitCode})`);
  return lines.join('\n');
}

function renderLandscape(status: LandscapeStatus): string[] {
  const lines = [`${status.landscape}: ${status.verdict}${status.urgent ? ' (urgent)' : ''}`];
  const btp = status.btp.certificate;
  lines.push(btp ? `  BTP      ${status.btp.certificateName}  notAfter ${btp.notAfter} (${btp.daysLeft} d)  SHA-256 ${btp.sha256}` : `  BTP      ${status.btp.certificateName}  not readable`);
  const s4 = status.s4.certificate;
  const system = `${status.s4.system}${status.s4.client ? `/${status.s4.client}` : ''} PSE ${status.s4.identity}`;
  lines.push(s4 ? `  S/4HANA  ${system}  notAfter ${s4.notAfter ?? 'unknown'}${s4.daysLeft === undefined ? '' : ` (${s4.daysLeft} d)`}  SHA-256 ${s4.sha256}` : `  S/4HANA  ${system}  not recorded`);
  if (status.renewal) lines.push(`  renewal  auto-renew ${status.renewal.autoRenew}, attempt ${status.renewal.attemptAt}, re-import by ${status.renewal.reimportBy}`);
  lines.push(`  pinning  ${String(status.pinning)}`);
  if (status.xsuaaGenerated) lines.push(`  XSUAA-generated certificate notAfter ${status.xsuaaGenerated.notAfter} (${status.xsuaaGenerated.daysLeft} d)`);
  if (status.check) lines.push(`  check    ${status.check.outcome}: ${status.check.detail}`);
  for (const finding of status.findings) lines.push(`  - ${finding.verdict === 'OK' ? 'note' : finding.verdict}: ${finding.message}`);
  return lines;
}
