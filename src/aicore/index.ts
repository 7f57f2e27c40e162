export { AiCoreClient, type AiCoreClientOptions } from './client.ts';
export { AiCoreError, type AiCoreErrorCode } from './errors.ts';
export { createAiCoreClient, type AiCoreClientFromCredentialsOptions } from './from-credentials.ts';
export type { AiCoreErrorBody, AiCoreMeta, ResourceGroup, ResourceList, Scenario } from './types.ts';
