/**
 * The sandbox: a local, strict simulator of XSUAA, the Destination service, Service Manager
 * and SAP AI Core over real HTTPS and mutual TLS, with a controllable clock, fault injection
 * and a request log.
 */
export { startSandbox } from './start.ts';
export type { Sandbox, SandboxOptions, SandboxPorts, SandboxFiles, ClientCertificateIssuer } from './types.ts';
export { createSandboxClock, parseDuration, type SandboxClock } from './clock.ts';
export {
  createFaultInjector,
  faultSpecHelp,
  formatFaultRule,
  parseFaultSpec,
  validateFaultRule,
  type ActiveFault,
  type FaultController,
  type FaultKind,
  type FaultRule,
} from './faults.ts';
export type { RequestDecision, RequestLogEntry } from './request-log.ts';
export type { SandboxUrls } from './identity.ts';
export type { RateLimitRule } from './core.ts';
export { sandboxServices, type SandboxService } from './services.ts';
export { createUntrustedCa, type ClientCertificate, type ClientCertificateOptions, type TestCertificateAuthority } from './pki/client-certificates.ts';
export { documentedCaNames, type DocumentedCaName } from './pki/authorities.ts';
export { renewalLeadMs } from './destination/renewal.ts';
export { writeJks } from './destination/jks.ts';
