import { plain, rich } from './rich-text.ts';
import { field, oauthProfile, stepRef, type SheetContext } from './sheet-context.ts';
import type { SheetStep } from './sheet-model.ts';

type StepDraft = Omit<SheetStep, 'number'>;

const fromTutorial = rich`fixed by SAP's ISLM mTLS tutorial`;

export function oauthClientStep(context: SheetContext): StepDraft {
  const configurationSource = context.defaulted.oauthConfiguration ? rich`default name from SAP's ISLM mTLS tutorial` : rich`chosen name`;
  return {
    id: 'oa2c-config',
    transaction: 'OA2C_CONFIG',
    title: 'Create the OAuth 2.0 client',
    instructions: [
      rich`Start OA2C_CONFIG; it opens the Web Dynpro application ${'/sap/bc/webdynpro/sap/oa2c_config'} in the browser. If the page shows Forbidden, activate the service ${'oa2c_config'} in SICF (${'/default_host/sap/bc/webdynpro/sap/oa2c_config'}) and start again.`,
      rich`Choose Create, select the profile, enter the configuration name and the client ID below, and confirm.`,
      rich`Fill in the remaining fields exactly as below, then save.`,
    ],
    groups: [
      {
        fields: [
          field('oa2c.profile', 'OAuth 2.0 Client Profile', oauthProfile, rich`SAP-delivered profile for ISLM`),
          field('oa2c.configurationName', 'Configuration Name', context.oauthConfiguration, configurationSource),
          field('oa2c.clientId', 'OAuth 2.0 Client ID', context.clientid, rich`service key ${'clientid'} of the x509 binding`, { sourceField: 'clientid' }),
          field('oa2c.clientSecret', 'Client Secret', '', rich`a certificate replaces the secret`, { placeholder: 'leave empty' }),
          field('oa2c.tokenEndpoint', 'Token Endpoint', context.tokenEndpoint, rich`service key ${'url'} without ${'https://'}, plus ${'/oauth/token'}`, {
            sourceField: 'url',
          }),
          field('oa2c.clientAuthentication', 'Client Authentication', 'Client Certificate', fromTutorial),
          field('oa2c.grantType', 'Selected Grant Type', 'Client Credentials', fromTutorial),
          field('oa2c.sslClientPse', 'SSL Client PSE', context.identity, rich`the STRUST identity of ${stepRef('identity')}`),
          field(
            'oa2c.mtlsTokenEndpointAlias',
            'mTLS Token Endpoint Alias',
            context.mtlsTokenEndpointAlias,
            rich`service key ${'certurl'} without ${'https://'}, plus ${'/oauth/token'}`,
            { sourceField: 'certurl' },
          ),
        ],
      },
    ],
    notes: [
      rich`No ${'https://'} in the endpoints: OA2C_CONFIG adds it, and a second one makes the host check fail (${'SSSLERR_SERVER_CERT_MISMATCH'}).`,
      rich`If Client Authentication offers no ${'Client Certificate'} or the alias field is missing, this release cannot do mTLS for OAuth clients; stop here and check the release with SAP.`,
      rich`A secret-based configuration (SAP's tutorial calls it ${'ISLM_OAUTH'}) can stay until the new one works.`,
    ],
    attachments: [],
  };
}

export function destinationStep(context: SheetContext): StepDraft {
  const nameSource = context.defaulted.destination ? rich`default name from SAP's ISLM tutorials` : rich`chosen name`;
  const portSource =
    context.aiApiUrl.port === 443 ? rich`HTTPS default; ${'serviceurls.AI_API_URL'} names no port` : rich`port of service key ${'serviceurls.AI_API_URL'}`;
  return {
    id: 'sm59',
    transaction: 'SM59',
    title: 'Point the HTTP destination at SAP AI Core',
    instructions: [
      rich`Start SM59 and open the destination below, or create it as an HTTP connection to an external server (type ${'G'}).`,
      rich`Technical Settings: enter host, port and path prefix.`,
      rich`Logon & Security: under OAuth Settings select the OA2C_CONFIG configuration; under Security Options set SSL to Active and keep the SSL certificate ${'DFAULT'}.`,
      rich`Save, then run Connection Test. A TLS error here concerns the ${'DFAULT'} PSE (${stepRef('dfaultRoot')}).`,
    ],
    groups: [
      {
        fields: [
          field('sm59.destination', 'RFC Destination', context.destination, nameSource),
          field('sm59.connectionType', 'Connection Type', 'G', rich`HTTP connection to external server`),
          field('sm59.host', 'Host', context.aiApiUrl.host, rich`service key ${'serviceurls.AI_API_URL'} without ${'https://'} and path`, {
            sourceField: 'serviceurls.AI_API_URL',
          }),
          field('sm59.port', 'Port', String(context.aiApiUrl.port), portSource, { sourceField: 'serviceurls.AI_API_URL' }),
          field('sm59.pathPrefix', 'Path Prefix', '/', fromTutorial),
          field('sm59.ssl', 'SSL', 'Active', rich`the API is HTTPS only`, { copy: false }),
          field('sm59.sslCertificate', 'SSL Certificate', 'DFAULT', rich`SSL Client (Standard), unchanged by the switch to mTLS`),
          field('sm59.oauthConfiguration', 'OAuth Settings: Configuration', context.oauthConfiguration, rich`OA2C_CONFIG configuration of ${stepRef('oauthClient')}`),
          field('sm59.oauthProfile', 'OAuth Settings: Profile', oauthProfile, rich`SAP-delivered profile for ISLM`),
        ],
      },
    ],
    notes: [rich`Do not select ${context.identity} here: the API calls authenticate with the OAuth token, not with the client certificate.`],
    attachments: [],
  };
}

export function islmStep(context: SheetContext): StepDraft {
  const groupSource = context.defaulted.resourceGroup ? rich`default resource group of SAP AI Core` : rich`chosen SAP AI Core resource group`;
  return {
    id: 'islm-reuse-cfgv',
    transaction: 'ISLM_REUSE_CFGV',
    title: 'Connect ISLM and check the connection',
    instructions: [
      rich`Start ISLM_REUSE_CFGV and create the entry below (or select the existing entry for the usage type and change it).`,
      rich`Save, select the entry and choose Check Connection.`,
      rich`Expect the status ${'READY'}; the entry then shows the OAuth configuration ${context.oauthConfiguration}.`,
    ],
    groups: [
      {
        fields: [
          field('islm.usageType', 'Usage Type', 'Stateless - Customer', fromTutorial),
          field('islm.connection', 'Connection Information', context.destination, rich`SM59 destination of ${stepRef('destination')}`),
          field('islm.resourceGroup', 'Resource Group', context.resourceGroup, groupSource),
          field('islm.expectedStatus', 'Expected status', 'READY', rich`result of Check Connection`, { copy: false }),
        ],
      },
    ],
    notes: [rich`If TLS works but the status is not ${'READY'}, check the ISLM prerequisites of ${stepRef('prerequisites')} and ${'S_OA2C_USE'} for the user that runs the request.`],
    attachments: [],
  };
}
