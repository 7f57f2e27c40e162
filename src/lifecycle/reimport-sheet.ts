import { basename } from 'node:path';

import type { Landscape } from './inventory.ts';
import type { CertificateFacts } from './verdict.ts';

export interface ReimportSheetInput {
  landscape: Landscape;
  certificate: CertificateFacts & { serialNumber?: string };
  previous?: CertificateFacts;
  pinning: boolean | 'unknown';
  files: Array<{ path: string; purpose: string; sha256: string }>;
}

/** Formats 64 hex digits as STRUST and most tools print a SHA-256 fingerprint: `AB:CD:…`. */
function colonHex(sha256: string): string {
  return sha256.toUpperCase().match(/../g)!.join(':');
}

/** Renders the re-import steps for the S/4HANA administrator as Markdown. It names files and fingerprints, never the password. */
export function renderReimportSheet(input: ReimportSheetInput): string {
  const { landscape, certificate, previous } = input;
  const system = `${landscape.s4.system}${landscape.s4.client ? ` client ${landscape.s4.client}` : ''}`;
  const p12 = input.files.find((file) => file.path.endsWith('.p12'));
  const pem = input.files.find((file) => file.path.endsWith('.pem'));
  const lines = [
    `# Re-import the renewed client certificate: ${landscape.name} (${system})`,
    '',
    `SAP BTP renewed the client certificate \`${landscape.destination.certificateName}\`. S/4HANA keeps presenting the old one until it is re-imported into the SSL client identity **${landscape.s4.identity}**.`,
    '',
    '| | Old (in S/4HANA) | New |',
    '|---|---|---|',
    `| SHA-256 | ${previous ? `\`${colonHex(previous.sha256)}\`` : 'not recorded'} | \`${colonHex(certificate.sha256)}\` |`,
    `| Subject | ${previous?.subject ?? '—'} | ${certificate.subject} |`,
    `| Issuer | ${previous?.issuer ?? '—'} | ${certificate.issuer} |`,
    `| Valid until | ${previous?.notAfter ?? '—'} | ${certificate.notAfter} |`,
    '',
    '## Steps',
    '',
    `1. Transaction STRUST in ${system}: open the SSL client PSE **${landscape.s4.identity}**.`,
    `2. PSE → Import, choose \`${p12 ? basename(p12.path) : '(PKCS#12 file)'}\`${pem ? ` (or \`${basename(pem.path)}\`)` : ''}, and enter the certificate password (the one the Destination service certificate was generated with).`,
    `3. PSE → Save As → SSL Client, identity **${landscape.s4.identity}**. Confirm replacing the PSE. OA2C_CONFIG and SM59 name the identity, so they need no change.`,
    '4. Double-click the own certificate and compare its SHA-256 fingerprint with the "New" column above.',
    '5. ISLM_REUSE_CFGV: Check Connection; expect READY.',
    `6. Record the import: \`aicore-mtls s4 imported --landscape ${landscape.name} --fingerprint ${certificate.sha256}\``,
    '',
    '## Before you start',
    '',
    '- Do not test the new certificate against XSUAA from a workstation before step 3. With certificate-pinning false, its first use makes XSUAA reject the older certificate, which S/4HANA presents until the import.',
  ];
  if (input.pinning === true) lines.push('- The binding uses certificate-pinning true: create a new SAP AI Core binding or service key with the new certificate first, and enter its client ID in OA2C_CONFIG.');
  if (input.pinning === 'unknown') lines.push('- The binding\'s certificate-pinning is not known here. If it is true, a new binding or service key with the new certificate is needed first.');
  lines.push('', '## Files', '', ...input.files.map((file) => `- \`${basename(file.path)}\`: ${file.purpose} (SHA-256 of the file ${file.sha256})`));
  return `${lines.join('\n')}\n`;
}
