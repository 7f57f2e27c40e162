import type { Pkcs12AlgorithmReport } from '../pkcs12/index.ts';
import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { CheckOutcome } from './types.ts';

/** A PKCS#12 file that was read, with its algorithm report. */
export interface Pkcs12File {
  option: string;
  path: string;
  report: Pkcs12AlgorithmReport;
}

const modernAlgorithm = /PBES2|AES/i;
const weakAlgorithm = /RC2|RC4|40Bit/i;

/**
 * Checks the encryption of PKCS#12 files against what STRUST and sapgenpse read: PBES2 with
 * AES (OpenSSL 3's default) fails on older CommonCryptoLib builds, RC2-40 is weak. The 3DES
 * profile ("strust") passes.
 */
export function checkPkcs12(files: readonly Pkcs12File[]): CheckOutcome {
  const outcome = emptyOutcome();
  for (const file of files) {
    const name = `${file.option} "${file.path}"`;
    const parts = file.report.encryptions.filter((entry) => entry.algorithm !== 'none');
    const listing = parts.map((entry) => `${entry.part}: ${entry.algorithm}${entry.iterations ? ` (${entry.iterations} iterations)` : ''}`).join('; ');
    const mac = file.report.mac ? `MAC HMAC-${file.report.mac.digest}` : 'no MAC';
    const profile = file.report.profile ? `profile ${file.report.profile}` : 'no named profile';
    const facts = `${name} uses ${listing || 'no encryption'}, ${mac} (${profile})`;

    const weak = parts.filter((entry) => weakAlgorithm.test(entry.algorithm));
    const modern = parts.filter((entry) => modernAlgorithm.test(entry.algorithm));
    if (weak.length > 0) outcome.diagnoses.push(diagnose('PKCS12_CIPHER_WEAK', [facts]));
    if (modern.length > 0) outcome.diagnoses.push(diagnose('PKCS12_CIPHER_MODERN', [facts]));
    if (weak.length === 0 && modern.length === 0) outcome.passed.push(`${facts}: algorithms that STRUST and sapgenpse are reported to read`);
  }
  return outcome;
}
