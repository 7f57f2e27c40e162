import type { Certificate } from '../x509/certificate.ts';
import { certificateFields } from '../x509/certificate.ts';
import { isSelfSigned } from '../x509/chain.ts';
import { formatName, nameAttribute, type DistinguishedName } from '../x509/name.ts';

/**
 * CAs XSUAA documents as trusted for self-managed client certificates (SAP BTP documentation
 * "Trusted Authorities for X.509 Certificates", state 2026-08), plus SAP Cloud Root CA and the
 * removed Baltimore root. Fingerprints come from sap-software/btp-trust-store v3.0.0 (DigiCert
 * Global Root G2, SAP Global Root CA, SAP Cloud Root CA) and from the Mozilla root store bundled
 * with Node.js 20.20 (DigiCert Global Root CA, Entrust G2). Without a fingerprint a CA matches
 * by name only.
 */
export interface KnownCa {
  name: string;
  commonName: string;
  organization: string;
  /** SHA-256 of the certificate, colon-separated upper case. */
  sha256?: string;
  validTo: string;
  status: 'documented' | 'sap-cloud-root' | 'removed';
}

export const knownCas: readonly KnownCa[] = [
  {
    name: 'DigiCert Global Root G2',
    commonName: 'DigiCert Global Root G2',
    organization: 'DigiCert Inc',
    sha256: 'CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F',
    validTo: '2038-01-15',
    status: 'documented',
  },
  {
    name: 'SAP Global Root CA',
    commonName: 'SAP Global Root CA',
    organization: 'SAP AG',
    sha256: '56:53:9C:1E:7B:5E:D5:58:2B:79:68:00:61:CB:F2:14:86:A8:50:22:6B:2F:CF:30:B5:B1:52:A7:20:E1:34:DE',
    validTo: '2032-04-26',
    status: 'documented',
  },
  {
    name: 'DigiCert Global Root CA',
    commonName: 'DigiCert Global Root CA',
    organization: 'DigiCert Inc',
    sha256: '43:48:A0:E9:44:4C:78:CB:26:5E:05:8D:5E:89:44:B4:D8:4F:96:62:BD:26:DB:25:7F:89:34:A4:43:C7:01:61',
    validTo: '2031-11-10',
    status: 'documented',
  },
  // An intermediate under DigiCert Global Root CA that the list names on its own; it exists in
  // several issues, so it matches by name.
  { name: 'DigiCert SHA2 Secure Server CA', commonName: 'DigiCert SHA2 Secure Server CA', organization: 'DigiCert Inc', validTo: '2030-09-22', status: 'documented' },
  {
    name: 'Entrust Root Certification Authority - G2',
    commonName: 'Entrust Root Certification Authority - G2',
    organization: 'Entrust, Inc.',
    sha256: '43:DF:57:74:B0:3E:7F:EF:5F:E4:0D:93:1A:7B:ED:F1:BB:2E:6B:42:73:8C:4E:6D:38:41:10:3D:3A:A7:F3:39',
    validTo: '2030-12-07',
    status: 'documented',
  },
  {
    name: 'SAP Cloud Root CA',
    commonName: 'SAP Cloud Root CA',
    organization: 'SAP SE',
    sha256: '6F:87:42:22:FA:EA:17:FD:8C:4A:4C:25:EF:26:F2:9F:BE:00:BF:45:82:C3:E1:FE:00:C2:F0:3D:BC:78:B2:81',
    validTo: '2039-02-13',
    status: 'sap-cloud-root',
  },
  // Removed from the list on 2025-04-17, expired on 2025-05-12.
  { name: 'Baltimore CyberTrust Root', commonName: 'Baltimore CyberTrust Root', organization: 'Baltimore', validTo: '2025-05-12', status: 'removed' },
];

export interface ChainAnchorFinding {
  /**
   * `documented`: ends at a listed CA. `sap-cloud-root`: ends at SAP Cloud Root CA (note only).
   * `removed`: ends at a CA SAP removed. `fingerprint-mismatch`: named like a listed CA but not it.
   * `unknown`: ends anywhere else.
   */
  status: 'documented' | 'sap-cloud-root' | 'removed' | 'fingerprint-mismatch' | 'unknown';
  /** Name of the matched CA, when one matched. */
  ca?: string;
  /** `certificate`: the last certificate is the CA. `issuer`: the root is not in the input; its issuer DN named it. */
  matchedBy?: 'certificate' | 'issuer';
  severity: 'ok' | 'note' | 'warning';
  message: string;
}

/**
 * Classifies where a chain (leaf first) ends, against the CAs XSUAA documents for self-managed
 * certificates. Matching is by subject CN and O, confirmed by SHA-256 where the list has one.
 * This is advice for the user, not a trust decision: it never verifies a signature to a root.
 */
export function classifyChainAnchor(chain: readonly Certificate[]): ChainAnchorFinding {
  const last = chain[chain.length - 1]!;
  const fields = certificateFields(last);
  const selfSigned = isSelfSigned(last);

  const byCertificate = matchCa(fields.subject);
  if (byCertificate !== undefined) return describe(byCertificate, 'certificate', last);
  if (!selfSigned) {
    const byIssuer = matchCa(fields.issuer);
    if (byIssuer !== undefined) return describe(byIssuer, 'issuer', last);
  }

  const subject = formatName(fields.subject);
  const end = selfSigned ? `the root "${subject}"` : `"${subject}", issued by "${formatName(fields.issuer)}"`;
  return {
    status: 'unknown',
    severity: 'warning',
    message: `the chain ends at ${end}, which is not a CA XSUAA documents as trusted for self-managed certificates (${documentedNames()}); XSUAA may reject the binding`,
  };
}

function describe(ca: KnownCa, matchedBy: 'certificate' | 'issuer', last: Certificate): ChainAnchorFinding {
  const where = matchedBy === 'certificate' ? `ends at ${ca.name}` : `ends below ${ca.name} (the root itself is not in the input)`;
  const fingerprint = last.x509.fingerprint256;
  if (matchedBy === 'certificate' && ca.sha256 !== undefined && fingerprint !== ca.sha256) {
    return {
      status: 'fingerprint-mismatch',
      ca: ca.name,
      matchedBy,
      severity: 'warning',
      message: `the chain ends at a certificate named "${ca.name}" whose SHA-256 fingerprint ${fingerprint} differs from the published one (${ca.sha256}); XSUAA trusts only the real CA`,
    };
  }
  if (ca.status === 'documented') {
    return { status: 'documented', ca: ca.name, matchedBy, severity: 'ok', message: `the chain ${where}, which XSUAA documents as trusted for self-managed certificates` };
  }
  if (ca.status === 'sap-cloud-root') {
    return {
      status: 'sap-cloud-root',
      ca: ca.name,
      matchedBy,
      severity: 'note',
      message: `the chain ${where}, the root of Destination-service certificates. XSUAA does not list it as trusted for self-managed certificates, but SAP's ISLM mTLS tutorial binds such certificates this way`,
    };
  }
  return {
    status: 'removed',
    ca: ca.name,
    matchedBy,
    severity: 'warning',
    message: `the chain ${where}, which SAP removed from the trusted list on 2025-04-17 and which expired on ${ca.validTo}; use a certificate under one of ${documentedNames()}`,
  };
}

function matchCa(name: DistinguishedName): KnownCa | undefined {
  const commonName = nameAttribute(name, 'CN');
  const organization = nameAttribute(name, 'O');
  return knownCas.find((ca) => ca.commonName === commonName && ca.organization === organization);
}

function documentedNames(): string {
  return knownCas
    .filter((ca) => ca.status === 'documented')
    .map((ca) => ca.name)
    .join(', ');
}
