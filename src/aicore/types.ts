/** A resource group as `GET /v2/admin/resourceGroups` returns it. */
export interface ResourceGroup {
  resourceGroupId: string;
  /** `PROVISIONED`, `PROVISIONING` or `ERROR`. */
  status: string;
  statusMessage?: string;
  createdAt?: string;
  tenantId?: string;
  zoneId?: string;
  servicePlan?: string;
  labels?: Array<{ key: string; value: string }>;
  [field: string]: unknown;
}

export interface Scenario {
  id: string;
  name: string;
  description?: string;
  createdAt: string;
  modifiedAt: string;
  labels?: Array<{ key: string; value: string }>;
  [field: string]: unknown;
}

/** `GET /v2/lm/meta`. */
export interface AiCoreMeta {
  aiApi: Record<string, unknown> & { version?: string };
  runtimeIdentifier?: string;
  runtimeApiVersion?: string;
  description?: string;
  [field: string]: unknown;
}

/** A list response `{"count":n,"resources":[…]}`. */
export interface ResourceList<T> {
  count: number;
  resources: T[];
}

/** The error body `{"error":{"code","message","requestId","target","details"}}`. */
export interface AiCoreErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
  target?: string;
}
