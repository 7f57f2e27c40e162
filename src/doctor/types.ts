import type { CheckHop } from '../check/connection-check.ts';
import type { HttpSettings, IdentitySummary } from '../http/index.ts';
import type { PasswordProvider } from '../password.ts';
import type { Diagnosis } from './diagnoses.ts';

/** Inputs of `doctor`. Every file is optional, and the checks that the given files allow run. */
export interface DoctorInputs {
  /** SAP AI Core service key or binding credentials (any shape `readCredentialsFile` reads). */
  serviceKey?: string;
  /** Client certificate (chain) file: PEM, DER, PKCS#7 or anything `readMaterialFile` reads. */
  certificate?: string;
  /** Private key file of the client certificate. */
  key?: string;
  /** The file STRUST imports: PEM with key and chain, or PKCS#12. */
  bundle?: string;
  /** A PKCS#12 file; its encryption algorithms are checked against what STRUST reads. */
  pkcs12?: string;
  /** Binding parameters JSON file as given to Service Manager, btp or cf. */
  bindingParameters?: string;
  /** Password of encrypted inputs (--bundle, --pkcs12, --key, --cert). */
  passwords?: PasswordProvider;
  /** Password of the --key file when it differs; `passwords` otherwise. */
  keyPasswords?: PasswordProvider;
  /** AI-Resource-Group of the AI Core calls; ISLM_REUSE_CFGV's Resource Group. Default `default`. */
  resourceGroup?: string;
  /**
   * Token endpoint to call instead of the one the key selects, to reproduce what an OA2C_CONFIG
   * configuration calls. A URL, or a host and path without https:// as OA2C_CONFIG stores it.
   */
  tokenUrl?: string;
  /** Read the server chains of the certurl and AI_API_URL hosts. */
  probe?: boolean;
  /**
   * CA certificates (PEM) the user named with --ca-file: trusted for every connection, and the
   * set the roots found by `probe` must belong to.
   */
  caCertificates?: string[];
  /** Run no network check at all. */
  offline?: boolean;
  /** Send the token request even with a renewed certificate (see RENEWED_CERTIFICATE_IN_USE). */
  testRenewedCertificate?: boolean;
  http?: HttpSettings;
  /** A client certificate expiring within this many days (at most a third of its lifetime) is a warning; default 30. */
  warnDays?: number;
  /** A difference between the local and the server clock above this is a warning; default 60 s. */
  clockSkewToleranceSeconds?: number;
  /** TLS probe timeout per host; default 10 000 ms. */
  probeTimeoutMs?: number;
  /** Local clock; `new Date()` by default. */
  now?: () => Date;
}

/** The TLS chain one host serves, and where its root belongs in S/4HANA. */
export interface ServerRootReport {
  target: 'certurl' | 'AI_API_URL';
  host: string;
  port: number;
  /** The S/4HANA PSE whose certificate list needs the root. */
  pse: string;
  /** Whether the chain verified against Node's roots plus the extra CA certificates. */
  verified: boolean;
  /** OpenSSL's reason when it did not verify, such as UNABLE_TO_GET_ISSUER_CERT_LOCALLY. */
  verificationError?: string;
  /** Subjects of the chain, leaf first, as the handshake delivered it. */
  chain: string[];
  root: {
    subject: string;
    /** SHA-256 of the root, when the root certificate itself was available. */
    fingerprint256?: string;
    /** Source of the root certificate: the served chain, Node's root store, --ca-file or --bundle. */
    foundIn?: string;
  };
  /** Whether the root is among the --ca-file and --bundle certificates; undefined when none was given. */
  inGivenRoots?: boolean;
}

export interface DoctorOnlineReport {
  ran: boolean;
  /** Reasons why the online checks, or parts of them, did not run. */
  skipped: string[];
  connection?: {
    ok: boolean;
    authentication: 'certificate' | 'secret';
    identity?: IdentitySummary;
    hops: CheckHop[];
    resourceGroups?: string[];
    scenarioCount?: number;
  };
  clock?: { serverDate: string; localDate: string; skewSeconds: number; host: string };
  servers?: ServerRootReport[];
}

export interface DoctorReport {
  /** True when no diagnosis was found, neither error nor warning. */
  ok: boolean;
  /** Errors first, then warnings; each code at most once. */
  diagnoses: Diagnosis[];
  /** One sentence per check that ran and found nothing wrong. */
  passed: string[];
  /** Facts worth knowing that are not problems: text repairs, the roots to import, skipped checks. */
  notes: string[];
  /** Paths and values of the inputs, by option. */
  inputs: Record<string, string>;
  online: DoctorOnlineReport;
}

/** The result of one check: its diagnoses, what passed and what it noticed. */
export interface CheckOutcome {
  diagnoses: Diagnosis[];
  passed: string[];
  notes: string[];
}
