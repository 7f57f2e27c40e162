import type { SandboxClock } from './clock.ts';
import type { DestinationState } from './destination/model.ts';
import type { SandboxIdentity, SandboxUrls } from './identity.ts';
import type { SandboxAuthorities } from './pki/authorities.ts';
import type { RequestLog } from './request-log.ts';
import type { ServiceManagerState } from './service-manager/model.ts';
import type { FaultInjector } from './faults.ts';
import type { ParsedCertificate } from './tls/parsed-certificate.ts';
import type { TrustAnchors } from './xsuaa/certificate-match.ts';
import type { XsuaaState } from './xsuaa/clients.ts';
import type { TokenSigner } from './xsuaa/tokens.ts';

/** Everything the sandbox persists in `state.json`. */
export interface SandboxState {
  version: 1;
  identity: SandboxIdentity;
  clockOffsetMs: number;
  xsuaa: XsuaaState;
  destination: DestinationState;
  serviceManager: ServiceManagerState;
}

/** A request-count limit of Service Manager, per window of real time. */
export interface RateLimitRule {
  /** Path prefix the limit counts; every path when absent. */
  pathPrefix?: string;
  limit: number;
  windowMs: number;
}

/** Options after defaults were applied. */
export interface ResolvedSettings {
  tokenValiditySeconds: number;
  generatedValidityDays: { min: number; max: number };
  operationCompletion: { afterMs: number; afterPolls: number };
  rateLimits: RateLimitRule[];
}

/** Shared state and services handed to every simulated service. */
export interface SandboxCore {
  clock: SandboxClock;
  identity: SandboxIdentity;
  urls: SandboxUrls;
  authorities: SandboxAuthorities;
  state: SandboxState;
  signer: TokenSigner;
  anchors: TrustAnchors;
  /** Parsed root of Destination-generated chains (the SAP Cloud Root CA stand-in). */
  sapCloudRoot: ParsedCertificate;
  settings: ResolvedSettings;
  faults: FaultInjector;
  log: RequestLog;
  /** Schedules a state snapshot. */
  markDirty(): void;
}
