import type { DoctorReport } from './types.ts';

/**
 * Renders a report for a terminal: a summary line, each diagnosis with its code, meaning,
 * evidence and fix, then the checks that passed and the notes.
 */
export function renderDoctorReport(report: DoctorReport): string {
  const errors = report.diagnoses.filter((diagnosis) => diagnosis.severity === 'error').length;
  const warnings = report.diagnoses.length - errors;
  const lines = [`aicore-mtls doctor: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(report.passed.length, 'check')} passed`];

  for (const diagnosis of report.diagnoses) {
    lines.push('', `${diagnosis.severity.toUpperCase()} ${diagnosis.code}: ${diagnosis.title}`, `  meaning: ${diagnosis.meaning}`);
    if (diagnosis.evidence.length > 0) {
      lines.push('  evidence:');
      for (const line of diagnosis.evidence) lines.push(`    - ${line}`);
    }
    lines.push(`  fix: ${diagnosis.fix}`);
  }
  if (report.passed.length > 0) {
    lines.push('', 'Passed:');
    for (const line of report.passed) lines.push(`  ok ${line}`);
  }
  const notes = [...report.notes, ...report.online.skipped.map((line) => `skipped: ${line}`)];
  if (notes.length > 0) {
    lines.push('', 'Notes:');
    for (const line of notes) lines.push(`  - ${line}`);
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
