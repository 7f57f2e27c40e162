import type { XsuaaCredential } from '../xsuaa/clients.ts';

/** Services with an embedded XSUAA client that the sandbox catalog offers. */
export type InstanceKind = 'aicore' | 'destination' | 'service-manager';

export interface ServiceOffering {
  id: string;
  name: string;
  catalog_id: string;
  catalog_name: string;
  description: string;
  bindable: boolean;
  ready: boolean;
  broker_id: string;
  created_at: string;
  updated_at: string;
  labels: Record<string, string[]>;
}

export interface ServicePlan {
  id: string;
  name: string;
  catalog_id: string;
  catalog_name: string;
  description: string;
  bindable: boolean;
  free: boolean;
  ready: boolean;
  service_offering_id: string;
  created_at: string;
  updated_at: string;
}

export interface ServiceInstance {
  id: string;
  name: string;
  service_plan_id: string;
  platform_id: string;
  context: Record<string, unknown>;
  ready: boolean;
  usable: boolean;
  labels: Record<string, string[]>;
  created_at: string;
  updated_at: string;
  /** Sandbox bookkeeping, not sent: which simulated service the instance belongs to. */
  kind: InstanceKind;
}

/** Credential fields kept per binding; URLs are added when the binding is read. */
export interface StoredCredentialFields {
  clientid: string;
  clientsecret?: string;
  certificate?: string;
  key?: string;
  'credential-type': 'binding-secret' | 'x509';
}

export type BindingStatus = 'creating' | 'ready' | 'deleting';

export interface StoredBinding {
  id: string;
  name: string;
  service_instance_id: string;
  labels: Record<string, string[]>;
  created_at: string;
  updated_at: string;
  status: BindingStatus;
  credentials?: StoredCredentialFields;
  /** Id of the last operation, for `last_operation`. */
  lastOperationId?: string;
  /** Note on the parameters for the request log, e.g. "top-level x509 ignored". */
  parametersNote?: string;
}

export type OperationState = 'in progress' | 'succeeded' | 'failed';

export interface StoredOperation {
  id: string;
  type: 'create' | 'update' | 'delete';
  state: OperationState;
  resource_id: string;
  resource_type: '/v1/service_bindings';
  description: string;
  errors: Array<{ error: string; description: string }>;
  created_at: string;
  updated_at: string;
  /** Real time (ms) the operation started; completion is measured in real time. */
  startedRealMs: number;
  /** GETs of the operation so far. */
  polls: number;
  /** For a create: the credential XSUAA activates when the operation succeeds. */
  pendingCredential?: { clientId: string; credential: XsuaaCredential };
  /** For a create that fails: the error the operation reports. */
  failure?: { error: string; description: string };
}

export interface ServiceManagerState {
  offerings: ServiceOffering[];
  plans: ServicePlan[];
  instances: ServiceInstance[];
  bindings: StoredBinding[];
  operations: StoredOperation[];
}
