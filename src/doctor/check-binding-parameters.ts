import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { LoadedBindingParameters } from './load-binding-parameters.ts';
import type { CheckOutcome } from './types.ts';

const wrongLevelProblem = /reads them (under|at the top level)/;

/**
 * Checks the structure of binding parameters for SAP AI Core: valid JSON, the x509 block under
 * `xsuaa` (not at the top level), `credential-type` x509, boolean flags, no private key, and a
 * certificate string that holds certificates.
 */
export function checkBindingParameters(loaded: LoadedBindingParameters): CheckOutcome {
  const outcome = emptyOutcome();
  const name = `binding parameters "${loaded.path}"`;
  if (loaded.parseError !== undefined) {
    outcome.diagnoses.push(diagnose('BINDING_PARAMETERS_INVALID', [`${name} are not valid JSON: ${loaded.parseError}`]));
    return outcome;
  }

  const report = loaded.report!;
  const problems = report.problems.filter((problem) => !wrongLevelProblem.test(problem));
  if (report.wrongLevel) {
    const top = report.blocks.find((block) => block.location === 'top-level');
    const evidence = [`${name}: ${report.problems.find((problem) => wrongLevelProblem.test(problem)) ?? 'the x509 block is not under "xsuaa"'}`];
    if (top?.credentialType !== undefined) evidence.push(`"credential-type": ${JSON.stringify(top.credentialType)} is at the top level; the "xsuaa" wrapper is missing`);
    outcome.diagnoses.push(diagnose('BINDING_PARAMETERS_WRONG_LEVEL', evidence));
  }
  if (loaded.certificateError !== undefined) problems.push(`the certificate string cannot be read: ${loaded.certificateError}`);
  if (problems.length > 0) {
    outcome.diagnoses.push(diagnose('BINDING_PARAMETERS_INVALID', problems.map((problem) => `${name}: ${problem}`)));
  }
  if (outcome.diagnoses.length > 0) return outcome;

  const block = report.block!;
  const pinning = loaded.pinning === undefined ? '' : `, certificate-pinning ${loaded.pinning}${loaded.pinningStated ? '' : ' (not stated; XSUAA\'s default)'}`;
  const certificateKind = block.kind === 'self-managed' ? `a self-managed certificate (${loaded.certificates.length} certificate(s))` : 'an XSUAA-generated certificate';
  outcome.passed.push(`${name}: credential-type x509 under "xsuaa" with ${certificateKind}${pinning}`);
  return outcome;
}
