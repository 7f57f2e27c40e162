export { runSetup, setupInputs, type SetupResult } from './run-setup.ts';
export { certificateBaseName, defaultBindingName, type SetupEvent, type SetupOptions, type SetupStepName } from './options.ts';
export { artefactPaths } from './artefacts-step.ts';
export { createX509Binding } from './binding-step.ts';
export { loadSetupState, stateFileName, type SetupState, type SetupInputs, type CertificateSourceMode } from './state.ts';
export { describeValidity, parseValidity, type CertificateValidity } from './validity.ts';
export { planSetupRequests, type PlannedRequest } from './plan.ts';
export type { SetupSummary } from './summary.ts';
