import { AicoreMtlsError } from '../errors.ts';
import { certificateFields } from '../x509/certificate.ts';
import { buildChain } from '../x509/chain.ts';
import { lintChain, type Finding } from '../x509/lint.ts';
import { formatName } from '../x509/name.ts';
import type { ObtainedCertificate } from './certificate-step.ts';
import type { SetupContext } from './context.ts';

/**
 * Step 2: checks the downloaded certificate offline before anything is bound to it: the chain,
 * the key pair, validity, key strength and signatures. Error-level findings stop the setup.
 */
export function checkCertificate(context: SetupContext, obtained: ObtainedCertificate): Finding[] {
  const chain = buildChain(obtained.certificates, { privateKey: obtained.privateKey });
  const findings = lintChain({ chain, privateKeys: obtained.privateKey ? [obtained.privateKey] : [] });
  const errors = findings.filter((finding) => finding.severity === 'error');

  if (errors.length > 0) {
    const list = errors.map((finding) => `${finding.code}: ${finding.message}`).join('; ');
    throw new AicoreMtlsError('ERR_SETUP_CERTIFICATE_CHECK', `the certificate "${context.options.certificateName}" failed the offline check: ${list}`, {
      fix: errors.find((finding) => finding.fix)?.fix ?? 'Run "aicore-mtls cert inspect" on the downloaded file for details.',
      details: { findings: errors.map(({ code, message }) => ({ code, message })) },
    });
  }
  for (const finding of findings.filter((entry) => entry.severity === 'warning')) {
    context.emit('check', 'warning', finding.message);
  }

  const leaf = chain.leaf ?? obtained.certificates[0]!;
  const fields = certificateFields(leaf);
  context.state.certificate = {
    name: context.options.certificateName,
    createdBySetup: context.state.certificate?.createdBySetup ?? false,
    sha256: leaf.x509.fingerprint256,
    subject: formatName(fields.subject),
    issuer: formatName(fields.issuer),
    serialNumber: fields.serialNumber,
    notBefore: fields.notBefore.toISOString(),
    notAfter: fields.notAfter.toISOString(),
  };
  const anchor = chain.anchor ? `, chain ends at "${chain.anchor.subject}"` : '';
  context.emit('check', 'done', `chain of ${chain.path.length}, key ${obtained.privateKey ? 'matches' : 'not available'}, valid until ${context.state.certificate.notAfter.slice(0, 10)}${anchor}`);
  return findings;
}
