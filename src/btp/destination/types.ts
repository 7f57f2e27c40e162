/** `subaccountCertificates` or `instanceCertificates`: where the certificate is stored. */
export type CertificateLevel = 'subaccount' | 'instance';

/** `Attributes.Validity` as the Destination service spells it. */
export interface CertificateValidity {
  TimeUnit: 'DAYS' | 'MONTHS' | 'YEARS';
  Value: number;
}

export interface GenerateCertificateRequest {
  /** File name; its extension (`.pem`, `.p12`, `.jks`) selects the format. */
  name: string;
  /** `Type` field; omitted by default, which the service treats as PEM. */
  type?: string;
  /** `Attributes.CN`. */
  commonName?: string;
  validity?: CertificateValidity;
  /** `Attributes.AutomaticRenew`: the service issues a fresh certificate under the same name before expiry. */
  automaticRenew?: boolean;
  /** `Attributes.Password`: encrypts the generated key or keystore. Registered as a secret, never logged. */
  password?: string;
  /** A PEM certificate signing request; the service signs it and generates no key. */
  csrPem?: string;
}

export interface UploadCertificateRequest {
  name: string;
  /** The file bytes (PEM text, PKCS#12, JKS); sent as base64 `Content`. */
  content: Uint8Array | string;
  type?: string;
  /** Replace an existing certificate of that name (PUT) instead of failing with 409. */
  overwrite?: boolean;
}

/** A certificate read with `GET /v1/{L}/{name}`. */
export interface DestinationCertificate {
  name: string;
  /** The `Type` field as returned; opaque, may be undefined. */
  type: string | undefined;
  /** Decoded `Content`: the file bytes. For a `.pem` it may hold the private key; treat as secret. */
  content: Buffer;
  etag: string | undefined;
}

export interface CertificateListEntry {
  name: string;
  type: string | undefined;
  /** Decoded content; absent for `$select=Name` lists. */
  content?: Buffer;
}

export interface ListCertificatesOptions {
  /** `$filter`, e.g. `Name in ('a.pem','b.pem')`. Exclusive with `select` and `pageSize`. */
  filter?: string;
  /** Only names (`$select=Name`). */
  namesOnly?: boolean;
  /** Read page by page with this page size (1–1000) until all pages are read. */
  pageSize?: number;
}

export interface PublicKeyEntry {
  alias?: string;
  subjectDN: string;
  /** The public chain as PEM; both base64-of-PEM and plain PEM contents are accepted. */
  pem: string;
}
