import { randomUUID } from 'node:crypto';

import type { SandboxIdentity } from '../identity.ts';
import type { InstanceKind, ServiceInstance, ServiceManagerState, ServiceOffering, ServicePlan } from './model.ts';

/** XSUAA identity of each simulated service: its xsappname (a token audience) and scopes. */
export const serviceProfiles: Record<InstanceKind, { xsappname: string; scopes: string[] }> = {
  aicore: {
    xsappname: 'aicore!b540',
    scopes: ['uaa.resource', 'aicore!b540.scenarios.read', 'aicore!b540.deployments.read', 'aicore!b540.resourcegroup.read', 'aicore!b540.meta.read'],
  },
  destination: {
    xsappname: 'destination-xsappname!b9',
    scopes: ['uaa.resource', 'destination-xsappname!b9.certificates.manage', 'destination-xsappname!b9.destinations.read'],
  },
  'service-manager': {
    xsappname: 'service-manager!b1',
    scopes: [
      'service-manager!b1.catalog.read',
      'service-manager!b1.subaccount.service_instance.read',
      'service-manager!b1.subaccount.service_binding.read',
      'service-manager!b1.subaccount.service_binding.manage',
    ],
  },
};

const catalog: Record<InstanceKind, { offering: string; description: string; plan: string; planDescription: string; instanceName: string }> = {
  aicore: {
    offering: 'aicore',
    description: 'SAP AI Core (sandbox)',
    plan: 'extended',
    planDescription: 'SAP AI Core extended plan (sandbox)',
    instanceName: 'sandbox-aicore',
  },
  destination: {
    offering: 'destination',
    description: 'Destination service (sandbox)',
    plan: 'lite',
    planDescription: 'Destination service lite plan (sandbox)',
    instanceName: 'sandbox-destination',
  },
  'service-manager': {
    offering: 'service-manager',
    description: 'SAP Service Manager (sandbox)',
    plan: 'subaccount-admin',
    planDescription: 'Manage service instances and bindings of the subaccount (sandbox)',
    instanceName: 'sandbox-service-manager',
  },
};

export const aicoreInstanceName = catalog.aicore.instanceName;

/** Creates the offerings, plans and the one instance per simulated service. */
export function createCatalog(identity: SandboxIdentity, now: Date): ServiceManagerState {
  const timestamp = now.toISOString();
  const state: ServiceManagerState = { offerings: [], plans: [], instances: [], bindings: [], operations: [] };
  const brokerId = randomUUID();
  for (const kind of Object.keys(catalog) as InstanceKind[]) {
    const entry = catalog[kind];
    const offering: ServiceOffering = {
      id: randomUUID(),
      name: entry.offering,
      catalog_id: randomUUID(),
      catalog_name: entry.offering,
      description: entry.description,
      bindable: true,
      ready: true,
      broker_id: brokerId,
      created_at: timestamp,
      updated_at: timestamp,
      labels: {},
    };
    const plan: ServicePlan = {
      id: randomUUID(),
      name: entry.plan,
      catalog_id: randomUUID(),
      catalog_name: entry.plan,
      description: entry.planDescription,
      bindable: true,
      free: false,
      ready: true,
      service_offering_id: offering.id,
      created_at: timestamp,
      updated_at: timestamp,
    };
    const instance: ServiceInstance = {
      id: randomUUID(),
      name: entry.instanceName,
      service_plan_id: plan.id,
      platform_id: 'service-manager',
      context: {
        platform: 'sapcp',
        origin: 'sapcp',
        subaccount_id: identity.subaccountId,
        zone_id: identity.zoneId,
        subdomain: identity.subdomain,
        instance_name: entry.instanceName,
        service_offering_name: entry.offering,
        service_plan_name: entry.plan,
      },
      ready: true,
      usable: true,
      labels: {},
      created_at: timestamp,
      updated_at: timestamp,
      kind,
    };
    state.offerings.push(offering);
    state.plans.push(plan);
    state.instances.push(instance);
  }
  return state;
}

export function instanceOfKind(state: ServiceManagerState, kind: InstanceKind): ServiceInstance {
  const instance = state.instances.find((candidate) => candidate.kind === kind);
  if (instance === undefined) throw new Error(`the sandbox catalog has no ${kind} instance`);
  return instance;
}

/** The instance as the API returns it, without sandbox bookkeeping. */
export function instanceView(instance: ServiceInstance): Omit<ServiceInstance, 'kind'> {
  const { kind: _kind, ...view } = instance;
  return view;
}
