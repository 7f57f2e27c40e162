/**
 * Library entry of aicore-mtls. Every public export is listed here by name; modules not
 * reachable from this file are internal and may change without notice.
 */

// Errors shared by every module
export {
  AicoreMtlsError,
  FileExistsError,
  InputFormatError,
  NotFoundError,
  PasswordIncorrectError,
  PasswordMissingError,
  UsageError,
  type AicoreMtlsErrorOptions,
} from './errors.ts';
export { fixedPassword, noPassword, type PasswordProvider, type PasswordRequest } from './password.ts';
export { redactText, redactValue, registerSecret } from './redact.ts';
export { logChannel, type LogEvent } from './diagnostics.ts';
export { writeFileAtomic, type AtomicWriteOptions } from './fs/atomic-write.ts';

// Reading certificates, keys and keystores in any form
export {
  readMaterial,
  readMaterialFile,
  type Certificate,
  type Material,
  type MaterialFormat,
  type MaterialSource,
  type PrivateKey,
  type TextRepair,
} from './material/index.ts';
export { buildChain, type CertificateChain, type ChainAnchor, type MissingIssuer } from './x509/chain.ts';
export { lintChain, type Finding, type FindingSeverity } from './x509/lint.ts';
export { describeCertificate, type CertificateDescription } from './x509/describe.ts';
export { keysMatch, compareKeys, type KeyMatch } from './keys/match.ts';
export { publicKeyFingerprint } from './keys/public-key.ts';

// PKCS#12
export {
  looksLikePkcs12,
  pkcs12ProfileDescriptions,
  pkcs12Profiles,
  readPkcs12,
  writePkcs12,
  type Pkcs12AlgorithmReport,
  type Pkcs12Contents,
  type Pkcs12Profile,
  type Pkcs12WriteInput,
} from './pkcs12/index.ts';

// CSR and binding parameters
export { createCertificateSigningRequest } from './csr/index.ts';
export { buildBindingParameters, findX509Parameters, serializeBindingParameters, verifyBindingParametersRoundTrip } from './binding/index.ts';

// Credentials and HTTP
export { credentialsFromEnvironment, credentialsFromObject, parseCredentials, readCredentialsFile, CredentialsError } from './credentials/index.ts';
export type { ServiceCredentials, ServiceKind, CredentialType } from './credentials/types.ts';
export { createHttpClient, type HttpClient, type HttpSettings, type TlsIdentity } from './http/index.ts';

// SAP services
export { fetchClientCredentialsToken, createTokenProvider, TokenCache, XsuaaError, type AccessToken } from './xsuaa/index.ts';
export { createDestinationClient, identityFromDestinationCertificate, DestinationCertificateClient, DestinationError } from './btp/destination/index.ts';
export { createServiceManagerClient, ServiceManagerClient, ServiceManagerError } from './btp/service-manager/index.ts';
export { createAiCoreClient, AiCoreClient, AiCoreError } from './aicore/index.ts';

// The main job, the check and the S/4HANA sheet
export { runSetup, planSetupRequests, parseValidity, type SetupOptions, type SetupResult, type SetupSummary, type SetupEvent } from './setup/index.ts';
export { runConnectionCheck, type ConnectionCheckOptions, type ConnectionCheckResult } from './check/connection-check.ts';
export { diagnose, allDiagnosisDefinitions, type Diagnosis, type DiagnosisDefinition } from './doctor/diagnoses.ts';
export { runDoctor, type DoctorInputs, type DoctorReport } from './doctor/index.ts';
export { buildS4Sheet, renderS4Sheet, selectRoots, type S4Sheet, type S4SheetInput } from './s4/index.ts';

// The sandbox
export { startSandbox, type Sandbox, type SandboxOptions, type FaultRule } from './sandbox/index.ts';
