import { redactedMarker } from '../redact.ts';
import { artefactPaths } from './artefacts-step.ts';
import { certificateBaseName, defaultBindingName, type SetupOptions } from './options.ts';

/** One HTTP request `setup` would send, with secrets replaced by `[redacted]`. */
export interface PlannedRequest {
  step: string;
  method: string;
  url: string;
  /** Form or JSON body as it would be sent, secrets redacted; values known only later in `<…>`. */
  body?: string;
  note?: string;
}

/**
 * Lists the requests of a setup run for `--dry-run`, without sending any. Values that only a
 * response can supply (instance id, binding id, the new binding's clientid) appear as
 * `<placeholders>`. The plan is that of a first run: it does not read the state file, so for a
 * re-run it also lists requests that the re-run skips.
 */
export function planSetupRequests(options: SetupOptions): { requests: PlannedRequest[]; files: string[] } {
  const destination = options.destination;
  const sm = options.serviceManager;
  const level = options.level === 'instance' ? 'instanceCertificates' : 'subaccountCertificates';
  const certificates = `${trim(destination.uri)}/destination-configuration/v1/${level}`;
  const bindingName = options.bindingName ?? defaultBindingName(options.certificateName);
  const name = options.certificateName;
  const requests: PlannedRequest[] = [];

  requests.push(tokenRequest('certificate', destination.clientid, destination.credentialType === 'x509' ? destination.certurl : destination.url, destination.credentialType === 'x509'));
  if (options.mode !== 'existing') {
    const attributes =
      options.mode === 'csr'
        ? { CSR: '<base64 of the CSR>', Validity: options.validity, AutomaticRenew: options.autoRenew }
        : { CN: options.commonName ?? certificateBaseName(name), Validity: options.validity, AutomaticRenew: options.autoRenew, Password: redactedMarker };
    requests.push({ step: 'certificate', method: 'POST', url: certificates, body: JSON.stringify({ Name: name, Attributes: attributes }), note: '409 "Duplicate key" when the name is taken' });
  }
  requests.push({ step: 'certificate', method: 'GET', url: `${certificates}/${encodeURIComponent(name)}`, note: 'downloads the certificate with its private key' });

  const smBase = trim(sm.sm_url);
  requests.push(tokenRequest('binding', sm.clientid, sm.credentialType === 'x509' ? sm.certurl : sm.url, sm.credentialType === 'x509'));
  requests.push({ step: 'binding', method: 'GET', url: `${smBase}/v1/service_instances?fieldQuery=${encodeURIComponent(`name eq '${options.instanceName}'`)}` });
  requests.push({ step: 'binding', method: 'GET', url: `${smBase}/v1/service_bindings?fieldQuery=${encodeURIComponent(`name eq '${bindingName}' and service_instance_id eq '<instance id>'`)}`, note: 'reuses an existing binding of this setup' });
  const parameters = { xsuaa: { 'credential-type': 'x509', x509: { certificate: '<certificate chain from the download, PEM>', 'ensure-uniqueness': false, 'certificate-pinning': options.pinning, 'hide-certificate': false } } };
  requests.push({
    step: 'binding',
    method: 'POST',
    url: `${smBase}/v1/service_bindings`,
    body: JSON.stringify({ name: bindingName, service_instance_id: '<instance id>', parameters, labels: { 'created-by': ['aicore-mtls'] } }),
    note: '202 with Location; the operation is polled until it succeeds',
  });
  requests.push({ step: 'binding', method: 'GET', url: `${smBase}/v1/service_bindings/<binding id>/operations/<operation id>` });
  requests.push({ step: 'binding', method: 'GET', url: `${smBase}/v1/service_bindings/<binding id>`, note: 'credentials must be x509 with a certurl' });

  if (options.mode !== 'csr' || options.csrPrivateKey) {
    requests.push({ step: 'verify', method: 'POST', url: '<certurl of the new binding>/oauth/token', body: 'grant_type=client_credentials&client_id=<clientid of the new binding>', note: 'mutual TLS with the downloaded certificate; no client secret' });
    requests.push({ step: 'verify', method: 'GET', url: '<AI_API_URL>/v2/admin/resourceGroups' });
    requests.push({ step: 'verify', method: 'GET', url: `<AI_API_URL>/v2/lm/scenarios`, note: `AI-Resource-Group: ${options.resourceGroup}` });
  }

  const base = certificateBaseName(name);
  const files = [
    `strust/${base}.p12`,
    `strust/${base}.pem`,
    `${artefactPaths.rootsFolder}/*.pem`,
    artefactPaths.bindingParameters,
    artefactPaths.bindingCredentials,
    artefactPaths.serviceKeyWithKey,
    artefactPaths.pythonConfig,
    artefactPaths.pythonCertificate,
    artefactPaths.pythonKey,
    artefactPaths.sheetMarkdown,
    artefactPaths.sheetHtml,
    artefactPaths.sheetJson,
    artefactPaths.summary,
  ];
  return { requests, files };
}

function tokenRequest(step: string, clientid: string, base: string | undefined, mtls: boolean): PlannedRequest {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientid });
  if (!mtls) form.set('client_secret', redactedMarker);
  return {
    step,
    method: 'POST',
    url: `${trim(base)}/oauth/token`,
    body: form.toString().replace(encodeURIComponent(redactedMarker), redactedMarker),
    note: mtls ? 'mutual TLS with the key\'s certificate' : undefined,
  };
}

function trim(url: string | undefined): string {
  return (url ?? '<missing>').replace(/\/+$/, '');
}
