import type { InspectedCertificate, InspectedPrivateKey, MaterialReport } from '../../../material/inspect.ts';

const formatNames: Record<MaterialReport['format'], string> = {
  pem: 'PEM',
  der: 'DER',
  'base64-der': 'base64 of DER',
  pkcs12: 'PKCS#12',
  'destination-certificate': 'Destination service certificate object',
  'service-key': 'service key JSON',
};

const encodingNames: Record<InspectedPrivateKey['encoding'], string> = {
  pkcs1: 'PKCS#1, unencrypted',
  pkcs8: 'PKCS#8, unencrypted',
  sec1: 'SEC1, unencrypted',
  'encrypted-pkcs8': 'encrypted PKCS#8',
  'traditional-encrypted': 'traditional encrypted PEM',
  pkcs12: 'from PKCS#12',
};

/** Renders the inspect report for a terminal: plain text, no colours, about 100 columns. */
export function renderReport(report: MaterialReport, origin: string): string {
  const lines: string[] = [];
  const certificateCount = `${report.certificates.length} certificate${report.certificates.length === 1 ? '' : 's'}`;
  const keyCount = `${report.privateKeys.length} private key${report.privateKeys.length === 1 ? '' : 's'}`;
  lines.push(`${origin}: ${formatNames[report.format]}, ${certificateCount}, ${keyCount}`);

  for (const certificate of report.certificates) lines.push('', ...renderCertificate(certificate));
  if (report.certificates.length > 0) lines.push('', ...renderChain(report));
  for (const key of report.privateKeys) lines.push(...renderKey(key, report));
  if (report.pkcs12) lines.push('', ...renderPkcs12(report.pkcs12));

  if (report.repairs.length > 0) {
    lines.push('', 'Read after repairing the text:');
    for (const repair of report.repairs) lines.push(`  ${repair.code}: ${repair.message}`);
  }
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings from reading:');
    for (const warning of report.warnings) lines.push(`  ${warning}`);
  }
  lines.push('', ...renderFindings(report));
  return lines.join('\n');
}

function renderCertificate(certificate: InspectedCertificate): string[] {
  const role = certificate.onChain ? certificate.role : `${certificate.role}, not on the chain`;
  const days =
    certificate.validity === 'expired'
      ? `EXPIRED ${certificate.daysLeft === 0 ? 'less than a day' : `${-certificate.daysLeft} day${certificate.daysLeft === -1 ? '' : 's'}`} ago`
      : certificate.validity === 'not-yet-valid'
        ? 'NOT YET VALID'
        : `${certificate.daysLeft} day${certificate.daysLeft === 1 ? '' : 's'} left`;
  const rows: Array<[string, string | undefined]> = [
    ['subject', certificate.subject],
    ['issuer', certificate.issuer],
    ['serial', certificate.serialNumber],
    ['valid', `${formatDate(certificate.notBefore)} to ${formatDate(certificate.notAfter)} (${days})`],
    ['public key', `${certificate.publicKey.text}, SHA-256 ${certificate.publicKey.fingerprint256}`],
    ['signature', certificate.signatureAlgorithm.name],
    ['alt names', list(certificate.subjectAltNames)],
    ['key usage', list(certificate.keyUsage)],
    ['ext key usage', list(certificate.extendedKeyUsage)],
    ['CA', certificate.basicConstraints ? `${certificate.basicConstraints.ca ? 'yes' : 'no'}${certificate.basicConstraints.pathLength !== undefined ? `, path length ${certificate.basicConstraints.pathLength}` : ''}` : undefined],
    ['key id', certificate.subjectKeyIdentifier],
    ['issuer key id', certificate.authorityKeyIdentifier],
    ['SHA-256', certificate.fingerprint256],
  ];
  const title = `Certificate [${certificate.index}] ${role}${certificate.commonName !== undefined ? `: ${certificate.commonName}` : ''}`;
  return [title, ...rows.filter((row): row is [string, string] => row[1] !== undefined).map(([name, value]) => `  ${name.padEnd(14)}${value}`)];
}

function renderChain(report: MaterialReport): string[] {
  const chain = report.chain;
  const steps = chain.order.map((index) => {
    const certificate = report.certificates[index - 1]!;
    return `[${index}] ${certificate.commonName ?? certificate.subject}`;
  });
  const lines = [`Chain (${chain.complete ? 'complete' : 'incomplete'}${chain.reordered ? ', reordered from the input' : ''}): ${steps.join(' -> ')}`];
  if (chain.anchor) {
    const where = chain.anchor.source === 'input' ? 'in the file' : "from Node's root store, not in the file";
    const trust = chain.anchor.inNodeRootStore
      ? "publicly trusted (in Node's root store)"
      : chain.anchor.knownRoot
        ? `not publicly trusted; known SAP root ${chain.anchor.knownRoot.name}`
        : 'not publicly trusted';
    lines.push(`  root: ${chain.anchor.subject} (${where}; ${trust})`);
  }
  if (chain.missingIssuer) {
    const keyId = chain.missingIssuer.authorityKeyIdentifier ? `, key identifier ${chain.missingIssuer.authorityKeyIdentifier}` : '';
    lines.push(`  missing issuer: ${chain.missingIssuer.subject}${keyId}${chain.missingIssuer.knownRoot ? ` (${chain.missingIssuer.knownRoot.name})` : ''}`);
  }
  if (chain.unused.length > 0) lines.push(`  not on the chain: ${chain.unused.map((index) => `[${index}]`).join(', ')}`);
  return lines;
}

function renderKey(key: InspectedPrivateKey, report: MaterialReport): string[] {
  const leafIndex = report.chain.order[0];
  const match = key.matchesLeaf
    ? `matches the leaf [${leafIndex}]`
    : key.matchesCertificates.length > 0
      ? `matches certificate ${key.matchesCertificates.map((index) => `[${index}]`).join(', ')}, not the leaf`
      : report.certificates.length > 0
        ? 'matches NO certificate'
        : 'no certificate to compare with';
  const protection = key.protection ? ` (${key.protection})` : '';
  return [
    '',
    `Private key [${key.index}] from ${key.origin}: ${key.keyType.text}, ${encodingNames[key.encoding]}${protection}`,
    `  public key SHA-256 ${key.publicKeyFingerprint256}: ${match}`,
  ];
}

function renderPkcs12(pkcs12: NonNullable<MaterialReport['pkcs12']>): string[] {
  const lines = [`PKCS#12${pkcs12.profile ? ` (matches profile "${pkcs12.profile}")` : ''}:`];
  lines.push(`  MAC: ${pkcs12.mac ? `HMAC-${pkcs12.mac.digest}, ${pkcs12.mac.iterations} iterations, ${pkcs12.mac.saltLength}-byte salt` : 'none'}`);
  for (const part of pkcs12.encryptions) {
    const iterations = part.iterations !== undefined ? `, ${part.iterations} iterations` : '';
    lines.push(`  ${part.part}: ${part.algorithm}${iterations}${part.weak ? ' (WEAK)' : ''}`);
  }
  return lines;
}

function renderFindings(report: MaterialReport): string[] {
  const lines: string[] = [];
  if (report.findings.length === 0) {
    lines.push('Checks: no findings.');
  } else {
    lines.push('Checks:');
    for (const finding of report.findings) {
      lines.push(`  ${finding.severity.padEnd(8)}${finding.code}: ${finding.message}`);
      if (finding.fix) lines.push(`          fix: ${finding.fix}`);
    }
  }
  const { summary } = report;
  let outcome = 'OK';
  if (summary.status === 'error') outcome = 'FAILED';
  else if (summary.status === 'expiring') outcome = `EXPIRES SOON (${summary.leafDaysLeft} days left)`;
  lines.push(`Result: ${outcome}: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`);
  return lines;
}

function formatDate(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

function list(values: string[]): string | undefined {
  return values.length > 0 ? values.join(', ') : undefined;
}
