import type { SandboxCore } from '../core.ts';
import { findClient } from '../xsuaa/clients.ts';
import type { ServiceInstance, StoredCredentialFields } from './model.ts';

/**
 * Renders binding credentials in the shape of the service's real service key. URLs are added
 * here, not stored, so a restarted sandbox on other ports hands out correct URLs. Only the
 * documented fields appear (an AI Core secret key has no `credential-type`, for example).
 */
export function renderCredentials(core: SandboxCore, instance: ServiceInstance, fields: StoredCredentialFields): Record<string, unknown> {
  const client = findClient(core.state.xsuaa, fields.clientid);
  const x509 = fields['credential-type'] === 'x509';
  const authentication: Record<string, unknown> = { clientid: fields.clientid };
  if (fields.clientsecret !== undefined) authentication['clientsecret'] = fields.clientsecret;
  if (fields.certificate !== undefined) authentication['certificate'] = fields.certificate;
  if (fields.key !== undefined) authentication['key'] = fields.key;
  if (x509) authentication['certurl'] = core.urls.uaaCert;
  authentication['url'] = core.urls.uaa;

  switch (instance.kind) {
    case 'aicore':
      return {
        ...authentication,
        identityzone: core.identity.subdomain,
        identityzoneid: core.identity.zoneId,
        appname: client?.appname,
        serviceurls: { AI_API_URL: core.urls.aiApi },
        ...(x509 ? { 'credential-type': 'x509' } : {}),
      };
    case 'destination':
      return {
        ...authentication,
        uri: core.urls.destination,
        identityzone: core.identity.subdomain,
        instanceid: instance.id,
        tenantid: core.identity.zoneId,
        tenantmode: 'dedicated',
        uaadomain: new URL(core.urls.uaa).host,
        verificationkey: core.signer.publicKeyPem,
        xsappname: client?.appname,
        'credential-type': fields['credential-type'],
      };
    case 'service-manager':
      return { ...authentication, sm_url: core.urls.serviceManager, xsappname: client?.appname };
  }
}
