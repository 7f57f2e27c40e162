/**
 * `doctor`: every offline and online check the inputs allow, each finding a named diagnosis
 * from the shared catalogue (see diagnoses.ts and doctor-diagnoses.ts).
 */
import './doctor-diagnoses.ts';

export { allDiagnosisDefinitions, diagnose, diagnosisDefinition, type Diagnosis, type DiagnosisDefinition, type DiagnosisSeverity } from './diagnoses.ts';
export { renderDoctorReport } from './render-text.ts';
export { runDoctor } from './run-doctor.ts';
export { normalizeTokenUrl } from './check-token-url.ts';
export { compareWithBinding, type BindingComparison, type CertificateRelation } from './compare-certificates.ts';
export { probeHost, TlsProbeError, type HostProbe, type ProbeHostOptions } from '../tls/probe-host.ts';
export type { CheckOutcome, DoctorInputs, DoctorOnlineReport, DoctorReport, ServerRootReport } from './types.ts';

/** Exit codes of `doctor`: 0 nothing found, 1 at least one error, 3 warnings only. */
export const doctorExitCodes = { ok: 0, errors: 1, warningsOnly: 3 } as const;

/** Returns the exit code for a report. */
export function doctorExitCode(report: { diagnoses: Array<{ severity: string }> }): number {
  if (report.diagnoses.some((diagnosis) => diagnosis.severity === 'error')) return doctorExitCodes.errors;
  return report.diagnoses.length > 0 ? doctorExitCodes.warningsOnly : doctorExitCodes.ok;
}
