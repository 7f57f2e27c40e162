import { classifyChainAnchor } from '../binding/index.ts';
import type { Certificate } from '../material/index.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { CheckOutcome } from './types.ts';

/** A self-managed chain to judge, leaf first, and where it came from. */
export interface SelfManagedChain {
  origin: string;
  path: readonly Certificate[];
}

/**
 * Checks where self-managed client chains end, against the CAs XSUAA documents for
 * self-managed certificates. XSUAA-generated certificates are not checked: XSUAA issued them.
 * The result is a warning, because SAP's list is known to be incomplete: SAP Cloud Root CA
 * works but is not listed. A successful token request later overrules the warning.
 */
export function checkClientCa(chains: readonly SelfManagedChain[]): CheckOutcome {
  const outcome = emptyOutcome();
  const evidence: string[] = [];
  for (const chain of chains) {
    if (chain.path.length === 0) continue;
    const anchor = classifyChainAnchor(chain.path);
    if (anchor.severity === 'warning') {
      evidence.push(`${chain.origin}: ${anchor.message}`);
    } else {
      outcome.passed.push(`${chain.origin}: ${anchor.message}`);
    }
  }
  if (evidence.length > 0) outcome.diagnoses.push(diagnose('CLIENT_CA_NOT_TRUSTED', evidence));
  return outcome;
}
