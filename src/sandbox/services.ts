/**
 * Names of the simulated services. Each runs on its own HTTPS origin, like on SAP BTP, where
 * the XSUAA `url` and `certurl` are different hosts.
 */
export const sandboxServices = ['xsuaa', 'xsuaa-cert', 'destination', 'service-manager', 'aicore'] as const;
export type SandboxService = (typeof sandboxServices)[number];

export function isSandboxService(value: string): value is SandboxService {
  return (sandboxServices as readonly string[]).includes(value);
}
