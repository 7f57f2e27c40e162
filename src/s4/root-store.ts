import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

import { normalizeFingerprint } from './certificate-summary.ts';

/** A root CA that SAP BTP hosts chain to, identified by the SHA-256 of its DER. */
export interface KnownRoot {
  name: string;
  sha256Fingerprint: string;
  /** Conventional file name for `--write-roots`. */
  fileName: string;
}

/**
 * DigiCert Global Root G2: the root of the XSUAA `certurl` server chain that SAP's ISLM mTLS
 * tutorial imports into the identity PSE, and the root SAP BTP Cloud Foundry domains moved to
 * in 2023. Fingerprint from the sap-software/btp-trust-store PEM, equal to Node's bundled copy.
 */
export const digicertGlobalRootG2: KnownRoot = {
  name: 'DigiCert Global Root G2',
  sha256Fingerprint: 'CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F',
  fileName: 'DigiCertGlobalRootG2.pem',
};

/** Roots of SAP BTP's "required" trust set whose fingerprints name a root found by a probe. */
export const knownRoots: readonly KnownRoot[] = [
  digicertGlobalRootG2,
  {
    name: 'DigiCert Global Root G3',
    sha256Fingerprint: '31:AD:66:48:F8:10:41:38:C7:38:F3:9E:A4:32:01:33:39:3E:3A:18:CC:02:29:6E:F9:7C:2A:C9:EF:67:31:D0',
    fileName: 'DigiCertGlobalRootG3.pem',
  },
  {
    name: 'DigiCert TLS RSA4096 Root G5',
    sha256Fingerprint: '37:1A:00:DC:05:33:B3:72:1A:7E:EB:40:E8:41:9E:70:79:9D:2B:0A:0F:2C:1D:80:69:31:65:F7:CE:C4:AD:75',
    fileName: 'DigiCertTLSRSA4096RootG5.pem',
  },
  {
    name: 'SAP Cloud Root CA',
    sha256Fingerprint: '6F:87:42:22:FA:EA:17:FD:8C:4A:4C:25:EF:26:F2:9F:BE:00:BF:45:82:C3:E1:FE:00:C2:F0:3D:BC:78:B2:81',
    fileName: 'SAPCloudRootCA.pem',
  },
  {
    name: 'SAP Global Root CA',
    sha256Fingerprint: '56:53:9C:1E:7B:5E:D5:58:2B:79:68:00:61:CB:F2:14:86:A8:50:22:6B:2F:CF:30:B5:B1:52:A7:20:E1:34:DE',
    fileName: 'SAPGlobalRootCA.pem',
  },
];

export function knownRootByFingerprint(fingerprint: string): KnownRoot | undefined {
  const wanted = normalizeFingerprint(fingerprint);
  return knownRoots.find((root) => root.sha256Fingerprint === wanted);
}

/** A root certificate from Node's bundled Mozilla store (`tls.rootCertificates`). */
export interface BundledRoot {
  pem: string;
  certificate: X509Certificate;
}

/** Finds a root in the CA store bundled with this Node version, by SHA-256 fingerprint. */
export function findBundledRoot(fingerprint: string): BundledRoot | undefined {
  const wanted = normalizeFingerprint(fingerprint);
  for (const pem of rootCertificates) {
    const certificate = new X509Certificate(pem);
    if (certificate.fingerprint256 === wanted) return { pem: pem.endsWith('\n') ? pem : `${pem}\n`, certificate };
  }
  return undefined;
}

/** Builds a file name for a root certificate: its common name without spaces and punctuation, plus `.pem`. */
export function rootFileName(commonName: string | undefined, fingerprint: string): string {
  const known = knownRootByFingerprint(fingerprint);
  if (known) return known.fileName;
  const stem = (commonName ?? '').replace(/[^A-Za-z0-9]+/g, '');
  return `${stem === '' ? `root-${normalizeFingerprint(fingerprint).replace(/:/g, '').slice(0, 16)}` : stem}.pem`;
}
