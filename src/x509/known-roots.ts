/**
 * Root CAs that matter for SAP BTP and SAP AI Core, identified by the SHA-256 fingerprint of the
 * certificate. Fingerprints, key sizes and end dates are those of the PEM files in SAP's BTP trust
 * store (github.com/sap-software/btp-trust-store, release 3.0.0), where all five are "required".
 * The DigiCert roots are also in Node's bundled root store; the SAP roots are not.
 */
export interface KnownRoot {
  name: string;
  /** RFC 4514 subject, for naming a root that is missing from a chain. */
  subject: string;
  fingerprint256: string;
  key: string;
  notAfter: string;
  /** Purpose of the root in the SAP landscape. */
  role: string;
}

export const knownRoots: readonly KnownRoot[] = [
  {
    name: 'DigiCert Global Root G2',
    subject: 'CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US',
    fingerprint256: 'CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F',
    key: 'RSA 2048',
    notAfter: '2038-01-15',
    role: 'root of the SAP BTP Cloud Foundry server certificates (XSUAA certurl, since the 2023 move from DigiCert Global Root CA); accepted by XSUAA for self-managed client certificates',
  },
  {
    name: 'DigiCert Global Root G3',
    subject: 'CN=DigiCert Global Root G3,OU=www.digicert.com,O=DigiCert Inc,C=US',
    fingerprint256: '31:AD:66:48:F8:10:41:38:C7:38:F3:9E:A4:32:01:33:39:3E:3A:18:CC:02:29:6E:F9:7C:2A:C9:EF:67:31:D0',
    key: 'EC P-384',
    notAfter: '2038-01-15',
    role: 'required root of the SAP BTP trust store',
  },
  {
    name: 'DigiCert TLS RSA4096 Root G5',
    subject: 'CN=DigiCert TLS RSA4096 Root G5,O=DigiCert\\, Inc.,C=US',
    fingerprint256: '37:1A:00:DC:05:33:B3:72:1A:7E:EB:40:E8:41:9E:70:79:9D:2B:0A:0F:2C:1D:80:69:31:65:F7:CE:C4:AD:75',
    key: 'RSA 4096',
    notAfter: '2046-01-14',
    role: 'required root of the SAP BTP trust store',
  },
  {
    name: 'SAP Cloud Root CA',
    subject: 'CN=SAP Cloud Root CA,O=SAP SE,L=Walldorf,C=DE',
    fingerprint256: '6F:87:42:22:FA:EA:17:FD:8C:4A:4C:25:EF:26:F2:9F:BE:00:BF:45:82:C3:E1:FE:00:C2:F0:3D:BC:78:B2:81',
    key: 'RSA 4096',
    notAfter: '2039-02-13',
    role: 'root of client certificates from the SAP BTP Destination service and XSUAA; not in public root stores; SAP\'s ISLM tutorial uses it for self-managed x509 bindings although XSUAA\'s list of accepted CAs omits it',
  },
  {
    name: 'SAP Global Root CA',
    // NOTE: SAP documents this root as "C=DE, L=Walldorf, O=SAP AG"; the CN attribute is assumed from its name.
    subject: 'CN=SAP Global Root CA,O=SAP AG,L=Walldorf,C=DE',
    fingerprint256: '56:53:9C:1E:7B:5E:D5:58:2B:79:68:00:61:CB:F2:14:86:A8:50:22:6B:2F:CF:30:B5:B1:52:A7:20:E1:34:DE',
    key: 'RSA 4096',
    notAfter: '2032-04-26',
    role: 'SAP\'s corporate root; accepted by XSUAA for self-managed client certificates; not in public root stores',
  },
];

export function knownRootByFingerprint(fingerprint256: string): KnownRoot | undefined {
  return knownRoots.find((root) => root.fingerprint256 === fingerprint256);
}

/** Known roots whose subject equals an issuer name, for a chain whose root is missing. */
export function knownRootBySubject(subject: string): KnownRoot | undefined {
  return knownRoots.find((root) => root.subject === subject);
}
