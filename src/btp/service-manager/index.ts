export { assertX509Binding, ServiceManagerClient, type ServiceManagerClientOptions } from './client.ts';
export { ServiceManagerError, type ServiceManagerErrorCode } from './errors.ts';
export { createServiceManagerClient, type ServiceManagerClientFromCredentialsOptions } from './from-credentials.ts';
export { parseOperation } from './operations.ts';
export { equals, isIn, normalizeState, quoteQueryValue } from './query.ts';
export type {
  CreateBindingRequest,
  ListQuery,
  Operation,
  OperationState,
  PollSettings,
  ServiceBinding,
  ServiceInstance,
  ServiceOffering,
  ServicePlan,
} from './types.ts';
