import { parseServiceUrl, tokenEndpointOf } from './endpoints.ts';
import { S4SheetInputError } from './errors.ts';
import { checkDestinationName, checkOAuthConfigurationName, checkResourceGroup, checkStrustIdentity } from './identity-name.ts';
import { planRenewal } from './renewal.ts';
import { rich } from './rich-text.ts';
import { defaultNames, field, formatUtc, type SheetContext } from './sheet-context.ts';
import type { RootCertificateInput, RootTarget, S4SheetInput } from './sheet-input.ts';
import type { S4Sheet, SheetField, SheetRenewal, SheetRoot, SheetStep } from './sheet-model.ts';
import { destinationStep, islmStep, oauthClientStep } from './steps-connection.ts';
import { renewalStep, troubleshootingRows } from './steps-renewal.ts';
import { icmStep, identityStep, importStep, prerequisitesStep, rootStep } from './steps-strust.ts';

export const sheetTitle = 'S/4HANA configuration sheet: ISLM to SAP AI Core over mTLS';

/**
 * Builds the S/4HANA configuration sheet: every value for STRUST, OA2C_CONFIG, SM59 and
 * ISLM_REUSE_CFGV in the order of the work, each with its source, plus roots, renewal dates
 * and a troubleshooting table. Throws S4SheetInputError or S4NameInvalidError for input that
 * would produce a wrong sheet; returns softer findings in `warnings`.
 */
export function buildS4Sheet(input: S4SheetInput): S4Sheet {
  const warnings: string[] = [...(input.warnings ?? [])];
  const context = buildContext(input, warnings);

  const drafts = [
    prerequisitesStep(context),
    identityStep(context),
    importStep(context),
    rootStep(context, 'identity'),
    rootStep(context, 'DFAULT'),
    icmStep(context),
    oauthClientStep(context),
    destinationStep(context),
    islmStep(context),
    renewalStep(context),
  ];
  const steps: SheetStep[] = drafts.map((draft, index) => ({ ...draft, number: index + 1 }));

  const values: Record<string, string> = {};
  for (const step of steps) {
    for (const group of step.groups) {
      for (const entry of group.fields) if (entry.value !== '') values[entry.id] = entry.value;
    }
  }

  const sheet: S4Sheet = {
    kind: 'aicore-mtls.s4-sheet',
    schemaVersion: 1,
    title: sheetTitle,
    generatedAt: toDate(input.generatedAt ?? new Date(), 'generatedAt').toISOString(),
    generator: input.generator ?? 'aicore-mtls',
    overview: overviewFields(context),
    warnings,
    steps,
    troubleshooting: troubleshootingRows(context),
    values,
    roots: [...sheetRoots(context.identityRoots, context.certurl.host), ...sheetRoots(context.standardRoots, context.aiApiUrl.host)],
  };
  if (input.serviceKeySource !== undefined) sheet.serviceKeySource = input.serviceKeySource;
  const renewal = sheetRenewal(context);
  if (renewal) sheet.renewal = renewal;
  return sheet;
}

function buildContext(input: S4SheetInput, warnings: string[]): SheetContext {
  const key = input.serviceKey;
  const credentialType = key.credentialType?.trim().toLowerCase();
  if (credentialType !== undefined && credentialType !== '' && credentialType !== 'x509') {
    throw new S4SheetInputError(
      `the service key has credential-type "${key.credentialType}", expected "x509"`,
      'Use the service key of an SAP AI Core binding created with {"xsuaa":{"credential-type":"x509",…}}; a secret-based key has no certurl.',
      { field: 'credential-type', value: key.credentialType },
    );
  }
  const clientid = key.clientid.trim();
  if (clientid === '') {
    throw new S4SheetInputError('the service key field "clientid" is empty', 'Use the service key of the SAP AI Core x509 binding.', { field: 'clientid' });
  }

  const url = parseServiceUrl('url', key.url);
  const certurl = parseServiceUrl('certurl', key.certurl);
  const aiApiUrl = parseServiceUrl('serviceurls.AI_API_URL', key.AI_API_URL);
  warnings.push(...url.warnings, ...certurl.warnings, ...aiApiUrl.warnings);
  if (certurl.host === url.host) {
    warnings.push(`"certurl" and "url" name the same host ${url.host}; XSUAA's mTLS host is normally <subdomain>.authentication.cert.<region>. Check that the key belongs to an x509 binding.`);
  }

  const names = input.names ?? {};
  const identity = checkStrustIdentity(names.identity ?? defaultNames.identity);
  const oauthConfiguration = checkOAuthConfigurationName(names.oauthConfiguration ?? defaultNames.oauthConfiguration);
  const destination = checkDestinationName(names.destination ?? defaultNames.destination);
  const resourceGroup = checkResourceGroup(names.resourceGroup ?? defaultNames.resourceGroup);
  warnings.push(...identity.warnings, ...oauthConfiguration.warnings, ...destination.warnings, ...resourceGroup.warnings);

  const context: SheetContext = {
    clientid,
    url,
    certurl,
    aiApiUrl,
    tokenEndpoint: tokenEndpointOf(url),
    mtlsTokenEndpointAlias: tokenEndpointOf(certurl),
    identity: identity.value,
    identityDescription: names.identityDescription ?? defaultNames.identityDescription,
    oauthConfiguration: oauthConfiguration.value,
    destination: destination.value,
    resourceGroup: resourceGroup.value,
    defaulted: {
      identity: names.identity === undefined,
      oauthConfiguration: names.oauthConfiguration === undefined,
      destination: names.destination === undefined,
      resourceGroup: names.resourceGroup === undefined,
    },
    importFiles: input.importFiles,
    identityRoots: rootsFor(input.roots, 'identity', certurl.host, warnings),
    standardRoots: rootsFor(input.roots, 'DFAULT', aiApiUrl.host, warnings),
  };

  if (input.importFiles.length === 0) {
    warnings.push('No import file was given, so the sheet cannot show the file name and checksum for STRUST "PSE → Import".');
  }
  if (input.clientCertificate) {
    context.clientCertificate = input.clientCertificate;
    const now = toDate(input.generatedAt ?? new Date(), 'generatedAt');
    const plan = planRenewal({
      notBefore: toDate(input.clientCertificate.notBefore, 'clientCertificate.notBefore'),
      notAfter: toDate(input.clientCertificate.notAfter, 'clientCertificate.notAfter'),
      autoRenew: input.renewal.autoRenew,
      validity: input.renewal.validity,
      now,
    });
    context.renewal = plan;
    if (plan.expired) {
      warnings.push(`The client certificate expired on ${formatUtc(plan.notAfter)}. Get a current certificate before configuring S/4HANA.`);
    } else if (plan.renewalDue) {
      warnings.push(
        `SAP BTP's renewal of the client certificate was due on ${formatUtc(plan.renewalAttemptAt)} (if automatic renewal is on). The renewed certificate may already exist; import that one instead.`,
      );
    }
  } else {
    warnings.push('The client certificate is unknown to this sheet, so it cannot show the values to compare in STRUST or the renewal dates.');
  }
  return context;
}

function rootsFor(roots: RootCertificateInput[], pse: RootTarget, host: string, warnings: string[]): RootCertificateInput[] {
  const selected = roots.filter((root) => root.pse === pse);
  if (selected.length > 0) return selected;
  warnings.push(`No root certificate was given for ${pse === 'identity' ? 'the identity PSE' : 'DFAULT'} (host ${host}).`);
  return [{ pse, status: 'unconfirmed', source: 'not determined', note: `The root of ${host} is not known to this sheet; read it from the chain the host serves.` }];
}

function overviewFields(context: SheetContext): SheetField[] {
  const fields = [
    field('overview.aiApiHost', 'SAP AI Core API host', context.aiApiUrl.host, rich`service key ${'serviceurls.AI_API_URL'}`, { sourceField: 'serviceurls.AI_API_URL' }),
    field('overview.certurlHost', 'Token host (mTLS)', context.certurl.host, rich`service key ${'certurl'}`, { sourceField: 'certurl' }),
    field('overview.identity', 'STRUST identity', context.identity, rich`SSL client PSE for the token request`),
    field('overview.oauthConfiguration', 'OA2C_CONFIG configuration', context.oauthConfiguration, rich`OAuth 2.0 client`),
    field('overview.destination', 'SM59 destination', context.destination, rich`HTTP connection to SAP AI Core`),
    field('overview.resourceGroup', 'Resource group', context.resourceGroup, rich`SAP AI Core`),
  ];
  if (context.renewal) {
    fields.push(field('overview.validTo', 'Client certificate valid to', formatUtc(context.renewal.notAfter), rich`client certificate`, { copy: false }));
    fields.push(field('overview.reimportBy', 'Re-import by', formatUtc(context.renewal.reimportBy), rich`renewal plan`, { copy: false }));
  }
  return fields;
}

function sheetRoots(roots: RootCertificateInput[], host: string): SheetRoot[] {
  return roots.map((root) => {
    const entry: SheetRoot = { pse: root.pse, host, status: root.status, source: root.source };
    if (root.certificate?.commonName) entry.name = root.certificate.commonName;
    if (root.certificate) {
      entry.subject = root.certificate.subject;
      entry.sha256Fingerprint = root.certificate.sha256Fingerprint;
    }
    if (root.file) entry.file = root.file.path;
    return entry;
  });
}

function sheetRenewal(context: SheetContext): SheetRenewal | undefined {
  const plan = context.renewal;
  if (!plan) return undefined;
  const renewal: SheetRenewal = {
    notBefore: plan.notBefore.toISOString(),
    notAfter: plan.notAfter.toISOString(),
    validity: `${plan.validity.Value} ${plan.validity.TimeUnit}`,
    validitySource: plan.validitySource,
    autoRenew: plan.autoRenew,
    thresholdRow: plan.lead.row,
    lead: plan.lead.label,
    reimportBy: plan.reimportBy.toISOString(),
    reimportRule: plan.reimportRule,
    expired: plan.expired,
    renewalDue: plan.renewalDue,
  };
  if (plan.autoRenew !== 'off') renewal.renewalAttemptAt = plan.renewalAttemptAt.toISOString();
  return renewal;
}

function toDate(value: Date | string, name: string): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) {
    throw new S4SheetInputError(`${name} is not a valid date: "${String(value)}"`, 'Give an ISO 8601 date, for example 2027-05-01T10:00:00Z.', { field: name });
  }
  return date;
}
