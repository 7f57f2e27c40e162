import { randomUUID } from 'node:crypto';

/** The simulated subaccount. Its id doubles as the identity zone id, as on SAP BTP. */
export interface SandboxIdentity {
  subaccountId: string;
  zoneId: string;
  /** Subdomain of the subaccount; XSUAA's `identityzone`. */
  subdomain: string;
  /** Landscape name used in DNs (`L=` of SAP's client CAs). */
  landscape: string;
  /** Landscape-level `OU=<guid>` of Destination-generated certificates. */
  landscapeGuid: string;
}

export function createIdentity(landscape: string): SandboxIdentity {
  const subaccountId = randomUUID();
  return {
    subaccountId,
    zoneId: subaccountId,
    subdomain: 'sandbox-subaccount',
    landscape,
    landscapeGuid: randomUUID(),
  };
}

/** Base URLs of the simulated services, without a trailing slash. */
export interface SandboxUrls {
  /** XSUAA `url`: client-secret token endpoint host. */
  uaa: string;
  /** XSUAA `certurl`: mTLS token endpoint host, another origin than `uaa`. */
  uaaCert: string;
  /** Destination service `uri`. */
  destination: string;
  /** Service Manager `sm_url`. */
  serviceManager: string;
  /** SAP AI Core `serviceurls.AI_API_URL`. */
  aiApi: string;
}
