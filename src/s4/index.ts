/** The S/4HANA configuration sheet: model, renderers and the rules behind its values. */
export { buildS4Sheet, sheetTitle } from './build-sheet.ts';
export { renderS4Sheet, parseSheetFormat, formatFromFileName, sheetFormats, type SheetFormat } from './render.ts';
export { sheetToJson } from './render-json.ts';
export type { S4SheetInput, ClientCertificateInput, ImportFileInput, PasswordSource, RootCertificateInput, RootStatus, RootTarget } from './sheet-input.ts';
export type { S4Sheet, SheetStep, SheetField, FieldGroup, SheetRoot, SheetRenewal, TroubleshootingRow } from './sheet-model.ts';
export { S4NameInvalidError, S4SheetInputError } from './errors.ts';
export { checkStrustIdentity, checkDestinationName, checkOAuthConfigurationName, checkResourceGroup, identityMaxLength } from './identity-name.ts';
export { parseServiceUrl, tokenEndpointOf, type ServiceUrl } from './endpoints.ts';
export { planRenewal, renewalLeadFor, validityFromDates, reimportCushion, type RenewalPlan, type RenewalLead, type AutoRenewState } from './renewal.ts';
export { selectRoots, type RootSelection, type RootSelectionOptions } from './root-selection.ts';
export { probeServerChain, S4ProbeError, type ProbeResult } from './probe.ts';
export { writeRootFiles, type WrittenRootFile } from './root-files.ts';
export { digicertGlobalRootG2, findBundledRoot, knownRoots } from './root-store.ts';
export { summarizeCertificate, sha256Hex, type CertificateSummary } from './certificate-summary.ts';
