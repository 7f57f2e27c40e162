import type { SandboxClock } from './clock.ts';
import type { RateLimitRule } from './core.ts';
import type { FaultController, FaultRule } from './faults.ts';
import type { SandboxUrls } from './identity.ts';
import type { DocumentedCaName } from './pki/authorities.ts';
import type { ClientCertificate, ClientCertificateOptions } from './pki/client-certificates.ts';
import type { RequestLogEntry } from './request-log.ts';

export interface SandboxOptions {
  /** Folder for the CA certificate, keys, state and README (created if missing). Without it nothing is written. */
  dir?: string;
  /** First port; the services use consecutive ports (control endpoint last). 0 = ephemeral ports. Default 0. */
  port?: number;
  /** Address to listen on; default `127.0.0.1`. */
  listen?: string;
  /** Default: a controllable clock starting at real now (or at the persisted offset in `dir`). */
  clock?: SandboxClock;
  faults?: FaultRule[];
  /**
   * PEM certificates XSUAA accepts as trust anchors for self-managed certificates. `default`:
   * the sandbox client CA, the "SAP Cloud Root CA" stand-in and stand-ins for the documented
   * roots (DigiCert Global Root G2, SAP Global Root CA, DigiCert Global Root CA, DigiCert SHA2
   * Secure Server CA, Entrust Root G2).
   */
  trustedRoots?: 'default' | string[];
  /** `L=` of the SAP client CA stand-ins and the landscape in generated subjects; default `sandbox`. */
  landscape?: string;
  /** Access token lifetime in seconds (XSUAA allows 60–86400); default 43200. */
  tokenValiditySeconds?: number;
  /** Allowed validity of XSUAA-generated certificates in days; default 1–30 as SAP documents. */
  generatedValidityDays?: { min: number; max: number };
  /** When async Service Manager operations finish: after `afterMs` real ms or at the `afterPolls`-th poll. Default 1000 ms / 2 polls. */
  operationCompletion?: { afterMs?: number; afterPolls?: number };
  /** Service Manager request limits; default SAP's published limits. */
  rateLimits?: RateLimitRule[];
  /** Starts the token-protected control endpoint on 127.0.0.1 (used by the CLI). */
  control?: { token: string; onStop?: () => void };
  /** Entries kept in memory by the request log; default 10000. */
  requestLogLimit?: number;
}

export interface SandboxPorts {
  uaa: number;
  uaaCert: number;
  destination: number;
  serviceManager: number;
  aiApi: number;
  control?: number;
}

/** Files the sandbox wrote to `dir`. */
export interface SandboxFiles {
  dir: string;
  caCertificate: string;
  destinationServiceKey: string;
  serviceManagerKey: string;
  aicoreInstance: string;
  readme: string;
  requestLog: string;
}

/** Issuers a test can ask for a client certificate from. */
export type ClientCertificateIssuer = 'sandbox-client-ca' | 'sap-cloud-platform-client-ca' | DocumentedCaName;

export interface Sandbox {
  urls: SandboxUrls;
  ports: SandboxPorts;
  /** Root CA of the sandbox HTTPS servers: trust it (NODE_EXTRA_CA_CERTS, curl --cacert, undici connect.ca). */
  caCertificatePem: string;
  /** Client-secret service key of the Destination instance, shaped as SAP shapes it. */
  destinationServiceKey: Record<string, unknown>;
  /** Client-secret service key of Service Manager (`clientid`, `clientsecret`, `url`, `sm_url`, `xsappname`). */
  serviceManagerKey: Record<string, unknown>;
  /** Name of the provisioned AI Core instance (offering aicore, plan extended). */
  aicoreInstanceName: string;
  aicoreInstanceId: string;
  /** PEMs XSUAA accepts as anchors for self-managed certificates. */
  trustedRootsPem: string[];
  clock: SandboxClock;
  faults: FaultController;
  files?: SandboxFiles;
  /** Warnings the caller must show; set when `listen` is not a loopback address. */
  warnings: string[];
  requestLog(): RequestLogEntry[];
  /** Waits until renewals caused by clock changes have run. */
  settle(): Promise<void>;
  /** Issues a client certificate, by default from the sandbox client CA (trusted by XSUAA), dated by the sandbox clock. */
  issueClientCertificate(options?: ClientCertificateOptions & { issuer?: ClientCertificateIssuer }): Promise<ClientCertificate>;
  /** Re-issues the "SAP Cloud Platform Client CA" with a new key; with `landscape` its DN changes too. */
  rotateDestinationIssuer(options?: { landscape?: string }): Promise<void>;
  /** Test hooks that bypass the OAuth flow; never used by the services themselves. */
  testing: {
    /** Signs arbitrary claims with the sandbox XSUAA key (to test zone and audience checks). */
    signToken(claims: Record<string, unknown>): string;
  };
  stop(): Promise<void>;
}
