import type { CertificateValidity } from '../setup/validity.ts';
import type { AutoRenewState } from './renewal.ts';

/**
 * Everything the S/4HANA sheet needs, as plain data. The CLI (`s4 sheet`) and `setup` fill it
 * from their own sources; `buildS4Sheet` derives every S/4HANA field from it.
 */
export interface S4SheetInput {
  /** Fields of the SAP AI Core x509 service key, spelled as in the key. */
  serviceKey: {
    clientid: string;
    /** XSUAA base URL; OA2C_CONFIG's Token Endpoint comes from it. */
    url: string;
    /** XSUAA mTLS base URL; OA2C_CONFIG's mTLS Token Endpoint Alias comes from it. */
    certurl: string;
    /** `serviceurls.AI_API_URL`; the SM59 host comes from it. */
    AI_API_URL: string;
    /** `credential-type` when the key has one; anything but `x509` is rejected. */
    credentialType?: string;
  };
  /** File name of the service key, for the sheet header. */
  serviceKeySource?: string;
  /** Names of the S/4HANA objects; each defaults to the name SAP's ISLM tutorials use. */
  names?: {
    /** STRUST SSL client identity; default `ISLM`. */
    identity?: string;
    /** Description of the identity; default `ISLM mTLS to SAP AI Core`. */
    identityDescription?: string;
    /** OA2C_CONFIG configuration name; default `ISLM_OAUTH_MTLS`. */
    oauthConfiguration?: string;
    /** SM59 destination; default `ISLM_REUSE_CONNECTION`. */
    destination?: string;
    /** SAP AI Core resource group; default `default`. */
    resourceGroup?: string;
  };
  /** The client certificate STRUST will hold; without it the renewal dates stay open. */
  clientCertificate?: ClientCertificateInput;
  /** Files for STRUST "PSE → Import", the recommended one first. May be empty. */
  importFiles: ImportFileInput[];
  /** Root certificates for the two PSEs, at least one entry per PSE. */
  roots: RootCertificateInput[];
  renewal: {
    autoRenew: AutoRenewState;
    /** The validity requested when the certificate was generated; default: the certificate's own dates. */
    validity?: CertificateValidity;
  };
  /** Time of generation; default now. Fixed in tests. */
  generatedAt?: Date | string;
  /** `aicore-mtls 0.1.0`. */
  generator?: string;
  /** Warnings from the caller (a failed probe, a mismatch it found) that the sheet shows. */
  warnings?: string[];
}

export interface ClientCertificateInput {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date | string;
  notAfter: Date | string;
  sha256Fingerprint: string;
  /** Origin of the certificate, for example `import file "islm.pem"` or `service key field "certificate"`. */
  source: string;
}

/** Location of the password for an import file. The password itself never enters the sheet. */
export type PasswordSource =
  | { kind: 'file'; path: string }
  | { kind: 'env'; name: string }
  | { kind: 'prompt' }
  | { kind: 'none' }
  | { kind: 'text'; description: string };

export interface ImportFileInput {
  path: string;
  /** SHA-256 of the file bytes, hex. */
  sha256: string;
  format: 'pem' | 'pkcs12';
  /** Summary of the file content, for example `encrypted private key + 3 certificates`. */
  contents?: string;
  /** Subjects of the certificates in the file, leaf first. */
  chain?: string[];
  passwordSource: PasswordSource;
}

/** Target PSE of a root: the new identity (token call to `certurl`) or `DFAULT` (SM59 call to `AI_API_URL`). */
export type RootTarget = 'identity' | 'DFAULT';

/**
 * Confidence in a root: `observed` = seen in the chain the host served, `expected` = what SAP
 * documents for this host, `unconfirmed` = a likely candidate only.
 */
export type RootStatus = 'observed' | 'expected' | 'unconfirmed';

export interface RootCertificateInput {
  pse: RootTarget;
  status: RootStatus;
  /** The root, when one is known or suspected. */
  certificate?: {
    subject: string;
    commonName?: string;
    sha256Fingerprint: string;
    serialNumber?: string;
    notAfter?: Date | string;
  };
  /** Origin of the root, such as `TLS probe of host:443` or `Node's bundled CA store`. */
  source: string;
  /** The PEM file written for STRUST "Import certificate". */
  file?: { path: string; sha256: string };
  /** PEM text, so the HTML sheet can offer it for copying. */
  pem?: string;
  /** An extra sentence for the admin, such as why the root is unconfirmed. */
  note?: string;
}
