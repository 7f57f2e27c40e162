import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { LandscapeStatus } from './landscape-status.ts';
import { verdicts } from './verdict.ts';

/**
 * Renders the Prometheus text exposition format (version 0.0.4), named in cert-manager's
 * style (`certmanager_certificate_expiration_timestamp_seconds`). Every landscape gets one
 * verdict series per possible verdict, 1 for its own and 0 for the others, so an alert rule
 * can match `== 1` on a verdict label.
 */
export function renderPrometheus(statuses: readonly LandscapeStatus[], evaluatedAt: Date): string {
  const lines: string[] = [];
  const family = (name: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
  const sample = (name: string, labels: Record<string, string>, value: number) => {
    const text = Object.entries(labels).map(([key, label]) => `${key}="${escapeLabel(label)}"`).join(',');
    lines.push(`${name}{${text}} ${value}`);
  };
  const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

  family('aicore_mtls_certificate_expiration_timestamp_seconds', 'The date after which the client certificate expires, as a Unix timestamp (source btp: Destination service, s4: recorded STRUST import, binding: XSUAA-generated certificate of the SAP AI Core key).');
  for (const status of statuses) {
    if (status.btp.certificate?.notAfter) sample('aicore_mtls_certificate_expiration_timestamp_seconds', { landscape: status.landscape, source: 'btp' }, seconds(status.btp.certificate.notAfter));
    if (status.s4.certificate?.notAfter) sample('aicore_mtls_certificate_expiration_timestamp_seconds', { landscape: status.landscape, source: 's4' }, seconds(status.s4.certificate.notAfter));
    if (status.xsuaaGenerated?.notAfter) sample('aicore_mtls_certificate_expiration_timestamp_seconds', { landscape: status.landscape, source: 'binding' }, seconds(status.xsuaaGenerated.notAfter));
  }

  family('aicore_mtls_certificate_renewal_timestamp_seconds', 'When the Destination service first tries to renew the client certificate (automatic renewal on or unknown), as a Unix timestamp.');
  for (const status of statuses) {
    if (status.renewal && status.renewal.autoRenew !== 'off') sample('aicore_mtls_certificate_renewal_timestamp_seconds', { landscape: status.landscape }, seconds(status.renewal.attemptAt));
  }

  family('aicore_mtls_landscape_verdict', 'Verdict of the last status run per landscape: 1 for the current verdict, 0 for the others.');
  for (const status of statuses) {
    for (const verdict of verdicts) sample('aicore_mtls_landscape_verdict', { landscape: status.landscape, verdict }, verdict === status.verdict ? 1 : 0);
  }

  family('aicore_mtls_status_timestamp_seconds', 'When this file was written by aicore-mtls status, as a Unix timestamp.');
  lines.push(`aicore_mtls_status_timestamp_seconds ${Math.floor(evaluatedAt.getTime() / 1000)}`);
  return `${lines.join('\n')}\n`;
}

/** Writes the metrics through a temporary file and rename, so node_exporter's textfile collector never reads half a file. */
export async function writePrometheusFile(path: string, statuses: readonly LandscapeStatus[], evaluatedAt: Date): Promise<void> {
  await writeFileAtomic(path, renderPrometheus(statuses, evaluatedAt), { mode: 0o644, overwrite: true });
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
