import type { TextRepair } from '../text/repair.ts';

/** The SAP service a set of credentials belongs to, named by its Service Manager catalog name. */
export type ServiceKind = 'aicore' | 'destination' | 'service-manager' | 'xsuaa';

/**
 * Authentication method of the OAuth client. Every x509 variant (`x509`, `X509_GENERATED`,
 * `X509_PROVIDED`) means a client certificate at `certurl`; the declared value is kept in
 * `declaredCredentialType`.
 */
export type CredentialType = 'x509' | 'binding-secret' | 'instance-secret';

/** The outer form in which the credentials arrived. */
export type CredentialShape =
  | 'service-key'
  | 'cf-service-key'
  | 'credentials-wrapper'
  | 'btp-binding'
  | 'vcap-services'
  | 'kubernetes-secret'
  | 'kubernetes-secret-yaml';

/** Origin of one value: a file path or variable name, plus the path inside it. */
export interface FieldOrigin {
  /** File path, `AICORE_SERVICE_KEY`, `VCAP_SERVICES`, or a caller-given description. */
  source: string;
  /** JSON path (`$.credentials.clientid`) or Kubernetes secret key (`data.clientid`). */
  path: string;
}

export interface CredentialsSource {
  /** One line for humans: `service key file "key.json"`, `VCAP_SERVICES entry "my-aicore" (aicore)`. */
  description: string;
  shape: CredentialShape;
  /** File, variable or description the text came from. */
  source: string;
  /** Service instance or binding name, when the input names it. */
  instanceName?: string;
  /** Service label (offering name), when the input names it. */
  label?: string;
  plan?: string;
}

/**
 * Normalised credentials of one SAP BTP service binding or service key.
 *
 * Field names are spelled as SAP spells them in service keys. `clientsecret` and `key` are
 * secrets: they are registered for redaction when read, and `redactValue` masks them by name.
 */
export interface ServiceCredentials {
  kind: ServiceKind;
  credentialType: CredentialType;
  /** `credential-type` exactly as written, or undefined when the field is absent. */
  declaredCredentialType?: string;
  clientid: string;
  clientsecret?: string;
  /** Client certificate chain as PEM with LF line endings. */
  certificate?: string;
  /** Private key of `certificate` as PEM with LF line endings. */
  key?: string;
  /** XSUAA base URL for client-secret token requests. */
  url?: string;
  /** XSUAA base URL for mutual-TLS token requests. */
  certurl?: string;
  /** Destination service base URL. */
  uri?: string;
  /** Service Manager API base URL. */
  sm_url?: string;
  /** Service URLs, e.g. `AI_API_URL` of SAP AI Core. */
  serviceurls?: Record<string, string>;
  identityzone?: string;
  identityzoneid?: string;
  uaadomain?: string;
  xsappname?: string;
  subaccountid?: string;
  tenantid?: string;
  /** Names of all fields present in the credentials, including unknown ones. */
  fieldNames: string[];
  /** Origin of each field of this object that has a value. */
  origin: Partial<Record<string, FieldOrigin>>;
  source: CredentialsSource;
  /** Sentences the caller must show: inferred credential type, ignored fields and the like. */
  warnings: string[];
  /** Changes made to the text so that it could be read (BOM, UTF-16, CRLF, escaped newlines). */
  repairs: TextRepair[];
}

export interface CredentialsOptions {
  /** The service expected; selects the VCAP_SERVICES entry and rejects credentials of another service. */
  service?: ServiceKind;
  /** Service instance (or binding) name to select among several entries. */
  instanceName?: string;
  /**
   * `certificate` rejects credentials that cannot authenticate with a client certificate
   * (secret-only keys, x509 keys without `certurl`); `any` (the default) accepts both kinds.
   */
  authentication?: 'certificate' | 'any';
}
