/** x509 binding parameters for SAP AI Core, Destination and XSUAA bindings with a self-managed certificate. */
export { certificatesToPem, parseCertificatePem } from './certificate-pem.ts';
export { checkBindingChain, issuerOf, subjectOf, type ChainCheck, type ChainFinding } from './chain-check.ts';
export { BindingParametersError, type BindingParametersErrorCode } from './errors.ts';
export { findX509Parameters, type X509ParametersBlock, type X509ParametersReport } from './locate.ts';
export {
  buildBindingParameters,
  serializeBindingParameters,
  type BindingParameters,
  type BuildBindingParametersOptions,
  type SelfManagedX509Parameters,
  type X509CredentialParameters,
} from './parameters.ts';
export { verifyBindingParametersRoundTrip, type RoundTripResult } from './round-trip.ts';
export {
  bindingServiceLabels,
  bindingServices,
  defaultBindingService,
  x509LocationFor,
  type BindingService,
  type X509BlockLocation,
} from './services.ts';
export { classifyChainAnchor, knownCas, type ChainAnchorFinding, type KnownCa } from './trusted-roots.ts';
