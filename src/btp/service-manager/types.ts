/** Service Manager objects with the fields this tool reads; other fields are kept as returned. */
export interface ServiceOffering {
  id: string;
  name: string;
  catalog_name?: string;
  [field: string]: unknown;
}

export interface ServicePlan {
  id: string;
  name: string;
  catalog_name?: string;
  service_offering_id: string;
  [field: string]: unknown;
}

export interface ServiceInstance {
  id: string;
  name: string;
  service_plan_id: string;
  ready?: boolean;
  [field: string]: unknown;
}

export interface ServiceBinding {
  id: string;
  name: string;
  service_instance_id: string;
  /** The binding credentials (secret fields inside); absent in list responses of some versions. */
  credentials?: Record<string, unknown>;
  ready?: boolean;
  labels?: Record<string, string[]>;
  created_at?: string;
  updated_at?: string;
  [field: string]: unknown;
}

/** Operation `state` in lower case; SAP documents upper-case variants too. */
export type OperationState = 'in progress' | 'pending' | 'succeeded' | 'failed';

export interface Operation {
  id: string;
  /** `create`, `update` or `delete`, lower case whatever the server sent. */
  type: string;
  state: OperationState | string;
  description?: string;
  resource_id?: string;
  resource_type?: string;
  errors?: Array<{ error?: string; description?: string }>;
  created_at?: string;
  updated_at?: string;
}

export interface ListQuery {
  /** `fieldQuery`, e.g. `name eq 'my-aicore'`; build values with `quoteQueryValue`. */
  fieldQuery?: string;
  labelQuery?: string;
  /** Page size (`max_items`); every page is read. */
  maxItems?: number;
}

export interface PollSettings {
  /** First wait between polls, in milliseconds; 1000 by default. */
  initialDelayMs?: number;
  /** Maximum wait between polls, in milliseconds; 10 000 by default. */
  maxDelayMs?: number;
  /** Give up after this long; 300 000 (5 minutes) by default. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface CreateBindingRequest {
  name: string;
  serviceInstanceId: string;
  /** Binding parameters, e.g. `{"xsuaa":{"credential-type":"x509","x509":{…}}}`. Never logged. */
  parameters?: Record<string, unknown>;
  labels?: Record<string, string[]>;
  /** `false` requests a synchronous 201 (`?async=false`). The default is asynchronous: 202, then polling. */
  async?: boolean;
  poll?: PollSettings;
  /** Fail (ERR_SM_BINDING_NOT_X509) when the new binding's credentials are not x509. */
  expectX509?: boolean;
}
