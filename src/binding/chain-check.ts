import { certificateFields, type Certificate } from '../x509/certificate.ts';
import { isIssuedBy } from '../x509/chain.ts';
import { formatName } from '../x509/name.ts';
import { BindingParametersError } from './errors.ts';
import { classifyChainAnchor, type ChainAnchorFinding } from './trusted-roots.ts';

export interface ChainFinding {
  code: 'leaf-is-ca' | 'leaf-not-client-auth' | 'expired' | 'not-yet-valid';
  message: string;
}

export interface ChainCheck {
  findings: ChainFinding[];
  anchor: ChainAnchorFinding;
}

const clientAuth = '1.3.6.1.5.5.7.3.2';
const anyExtendedKeyUsage = '2.5.29.37.0';

/**
 * Checks a chain (leaf first) before it goes into binding parameters. Throws when the order is
 * wrong, because XSUAA takes the first certificate as the client certificate. Returns warnings
 * for a CA or non-clientAuth leaf, certificates outside their validity period, and where the
 * chain ends relative to the CAs XSUAA documents.
 */
export function checkBindingChain(chain: readonly Certificate[], now: Date = new Date()): ChainCheck {
  if (chain.length === 0) {
    throw new BindingParametersError('ERR_BINDING_NO_CERTIFICATE', 'no certificate was given for the binding parameters');
  }
  for (let index = 0; index + 1 < chain.length; index += 1) {
    const child = chain[index]!;
    const parent = chain[index + 1]!;
    if (!isIssuedBy(child, parent)) {
      throw new BindingParametersError(
        'ERR_BINDING_CHAIN_ORDER',
        `certificate ${index + 2} ("${subjectOf(parent)}") did not issue certificate ${index + 1} ("${subjectOf(child)}")`,
        {
          fix: 'Give the client certificate and its own CA certificates only, leaf first; remove certificates that belong to another chain.',
          details: { index: index + 1 },
        },
      );
    }
  }

  const findings: ChainFinding[] = [];
  const leaf = chain[0]!;
  if (leaf.x509.ca) {
    findings.push({
      code: 'leaf-is-ca',
      message: `the first certificate ("${subjectOf(leaf)}") is a CA certificate; the binding needs the client certificate first`,
    });
  }
  const extendedKeyUsage = leaf.x509.keyUsage;
  if (extendedKeyUsage !== undefined && !extendedKeyUsage.includes(clientAuth) && !extendedKeyUsage.includes(anyExtendedKeyUsage)) {
    findings.push({
      code: 'leaf-not-client-auth',
      message: `the client certificate's extended key usage (${extendedKeyUsage.join(', ')}) does not include clientAuth; TLS clients may refuse to present it`,
    });
  }
  chain.forEach((certificate, index) => {
    const label = index === 0 ? 'the client certificate' : `certificate ${index + 1} ("${subjectOf(certificate)}")`;
    const { notBefore, notAfter } = certificateFields(certificate);
    if (notAfter.getTime() < now.getTime()) {
      findings.push({ code: 'expired', message: `${label} expired on ${notAfter.toISOString()}` });
    } else if (notBefore.getTime() > now.getTime()) {
      findings.push({ code: 'not-yet-valid', message: `${label} is not valid before ${notBefore.toISOString()}` });
    }
  });
  return { findings, anchor: classifyChainAnchor(chain) };
}

/** Subject of a certificate as an RFC 4514 string. */
export function subjectOf(certificate: Certificate): string {
  return formatName(certificateFields(certificate).subject);
}

/** Issuer of a certificate as an RFC 4514 string. */
export function issuerOf(certificate: Certificate): string {
  return formatName(certificateFields(certificate).issuer);
}
