export interface CertificateLabel {
  key: string;
  values: string[];
}

export type ValidityUnit = 'DAYS' | 'MONTHS' | 'YEARS';

/** Parameters of a generation request, kept to renew with the same subject and validity. */
export interface GenerationRecord {
  cn: string;
  validity: { TimeUnit: ValidityUnit; Value: number };
  autoRenew: boolean;
  /** Protects the key (`.pem`) or keystore (`.p12`, `.jks`); stored so renewals use it too. */
  password?: string;
  /** SPKI PEM of the CSR's key; renewals sign the same key again. */
  csrPublicKeyPem?: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  renewals: number;
}

export interface StoredCertificate {
  Name: string;
  Type: string;
  /** Base64 of the raw file bytes, exactly as `Content` is sent. */
  contentBase64: string;
  etag: string;
  /** Epoch milliseconds of the last change, on the sandbox clock. */
  modificationTime: number;
  labels: CertificateLabel[];
  sharedWithSubscriber: boolean;
  /** Present for certificates the service generated; imported ones are never renewed. */
  generation?: GenerationRecord;
}

export interface DestinationState {
  subaccount: StoredCertificate[];
  /** Instance-level stores, by service instance id. */
  instances: Record<string, StoredCertificate[]>;
}
