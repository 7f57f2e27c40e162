import type { Certificate } from '../material/index.ts';
import type { BoundCertificate } from './bound-certificate.ts';
import { compareWithBinding, type BindingComparison } from './compare-certificates.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { CheckOutcome } from './types.ts';

/**
 * Predicts offline whether XSUAA accepts the presented certificate for the binding. A token
 * request later confirms or overrules the prediction.
 */
export function checkBoundCertificate(presented: Certificate, bound: BoundCertificate): CheckOutcome & { comparison: BindingComparison } {
  const outcome = emptyOutcome();
  const comparison = compareWithBinding(presented, bound);
  if (comparison.rejected === true) {
    outcome.diagnoses.push(diagnose('CERTIFICATE_DIFFERS_FROM_BINDING', [comparison.explanation]));
  } else if (comparison.relation === 'renewed') {
    outcome.diagnoses.push(diagnose('RENEWED_CERTIFICATE_IN_USE', [comparison.explanation]));
  } else {
    outcome.passed.push(`binding: ${comparison.explanation}`);
  }
  return { ...outcome, comparison };
}
