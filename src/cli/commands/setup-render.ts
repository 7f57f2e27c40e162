import { describeValidity, type PlannedRequest, type SetupOptions, type SetupSummary } from '../../setup/index.ts';

/** Renders the human summary of a finished setup, printed on stdout. */
export function renderSetupSummary(summary: SetupSummary): string {
  const { certificate, binding, verification } = summary;
  const lines = [
    'Setup complete. ISLM can use mTLS as soon as S/4HANA is configured.',
    '',
    `  certificate  ${certificate.name}: ${certificate.subject}`,
    `               valid until ${certificate.notAfter.slice(0, 10)}, automatic renewal ${certificate.autoRenew === 'unknown' ? 'unknown' : certificate.autoRenew ? 'on' : 'off'}, SHA-256 ${certificate.sha256}`,
    `  binding      ${binding.name} (${binding.id}) on instance ${binding.instanceName}, certificate-pinning ${binding.pinning}`,
    `  clientid     ${binding.clientid}`,
    `  certurl      ${binding.certurl}`,
    `  AI_API_URL   ${binding.AI_API_URL}`,
  ];
  if (verification) {
    lines.push(`  verified     token from certurl over mTLS; resource groups: ${verification.resourceGroups.join(', ') || 'none'}; ${verification.scenarioCount} scenario(s)`);
  } else {
    lines.push('  verified     no (the private key is not on this workstation)');
  }
  lines.push('', `Files in ${summary.outDir}:`);
  const width = Math.max(...summary.artefacts.map((entry) => entry.path.length), 10);
  for (const entry of summary.artefacts) lines.push(`  ${entry.path.padEnd(width)}  ${entry.purpose}`);
  lines.push('', 'Remaining steps in S/4HANA (every value with copy buttons in s4-sheet.html):');
  summary.remainingSteps.forEach((step, index) => lines.push(`  ${index + 1}. ${step}`));
  return lines.join('\n');
}

/** Renders the `--dry-run` plan: steps, requests and files, with secrets already redacted. */
export function renderDryRun(plan: { requests: PlannedRequest[]; files: string[] }, options: SetupOptions): string {
  const lines = [
    `Dry run: nothing is sent and nothing is written. Plan for ${options.outDir}:`,
    `  certificate "${options.certificateName}" (${options.mode}), validity ${describeValidity(options.validity)}, automatic renewal ${options.autoRenew ? 'on' : 'off'}`,
    `  binding on instance "${options.instanceName}", certificate-pinning ${options.pinning}, resource group ${options.resourceGroup}`,
    '',
    'Requests:',
  ];
  for (const request of plan.requests) {
    lines.push(`  [${request.step}] ${request.method} ${request.url}`);
    if (request.body) lines.push(`      body: ${request.body}`);
    if (request.note) lines.push(`      note: ${request.note}`);
  }
  lines.push('', 'Files:');
  for (const file of plan.files) lines.push(`  ${file}`);
  return lines.join('\n');
}
