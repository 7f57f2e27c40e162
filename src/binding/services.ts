/**
 * Services whose bindings take x509 parameters. Services with an embedded XSUAA client (SAP AI
 * Core, Destination) expect the x509 block under `xsuaa`. A plain XSUAA instance (plan
 * `application`) expects it at the top level. Sources: the SAP BTP pages "Parameters for
 * Self-Managed X.509 Certificates", "Create a Service Key" (SAP AI Core) and "Create and Bind a
 * Destination Service Instance".
 */
export const bindingServices = ['aicore', 'destination', 'xsuaa'] as const;
export type BindingService = (typeof bindingServices)[number];

/** Level of the `credential-type`/`x509` pair in a parameters object. */
export type X509BlockLocation = 'xsuaa' | 'top-level';

export const defaultBindingService: BindingService = 'aicore';

export function x509LocationFor(service: BindingService): X509BlockLocation {
  return service === 'xsuaa' ? 'top-level' : 'xsuaa';
}

export const bindingServiceLabels: Record<BindingService, string> = {
  aicore: 'SAP AI Core',
  destination: 'Destination service',
  xsuaa: 'XSUAA',
};
