/**
 * The catalogue of named diagnoses. `check` and `doctor` report failures with these codes, so
 * a code found in one is explained the same way in the other. Codes are stable; scripts may
 * branch on them.
 */

export type DiagnosisSeverity = 'error' | 'warning';

export interface DiagnosisDefinition {
  code: string;
  severity: DiagnosisSeverity;
  /** One line: what is wrong. */
  title: string;
  /** The consequence for the connection from S/4HANA to SAP AI Core. */
  meaning: string;
  /** The fix, naming the S/4HANA transaction and field where the fix lies there. */
  fix: string;
}

/** A diagnosis found in one run, with the evidence that led to it. */
export interface Diagnosis extends DiagnosisDefinition {
  evidence: string[];
}

const catalogue = new Map<string, DiagnosisDefinition>();

/** Adds definitions to the catalogue; a code may be defined once. */
export function defineDiagnoses(definitions: DiagnosisDefinition[]): void {
  for (const definition of definitions) {
    if (catalogue.has(definition.code)) throw new Error(`diagnosis ${definition.code} is defined twice`);
    catalogue.set(definition.code, definition);
  }
}

export function diagnosisDefinition(code: string): DiagnosisDefinition {
  const definition = catalogue.get(code);
  if (!definition) throw new Error(`unknown diagnosis code ${code}`);
  return definition;
}

export function allDiagnosisDefinitions(): DiagnosisDefinition[] {
  return [...catalogue.values()];
}

/** Builds a diagnosis from its definition and the evidence of this run. */
export function diagnose(code: string, evidence: string[]): Diagnosis {
  return { ...diagnosisDefinition(code), evidence };
}

defineDiagnoses([
  {
    code: 'TOKEN_URL_NOT_CERTURL',
    severity: 'error',
    title: 'the token was requested from url instead of certurl',
    meaning: 'An x509 client can only get tokens from the mTLS host (certurl, "authentication.cert."). XSUAA answers the plain url with 401 "Unsupported instance credential".',
    fix: 'In OA2C_CONFIG set Client Authentication to "Client Certificate" and the mTLS Token Endpoint Alias to the certurl host + /oauth/token. Tools outside S/4HANA must post to certurl + /oauth/token.',
  },
  {
    code: 'CLIENT_ID_MISSING',
    severity: 'error',
    title: 'the token request was rejected as invalid (client_id missing or malformed)',
    meaning: 'XSUAA needs client_id in the form body even when the client authenticates with a certificate.',
    fix: 'In OA2C_CONFIG check the OAuth 2.0 Client ID: it must be the clientid of the x509 binding, copied exactly (it contains "!" and "|").',
  },
  {
    code: 'CLIENT_CERTIFICATE_NOT_PRESENTED',
    severity: 'error',
    title: 'no client certificate was presented to certurl',
    meaning: 'The mTLS host asked for a client certificate and the caller sent none, so XSUAA cannot identify the client.',
    fix: 'In STRUST check that the identity PSE shows an own certificate (import the key pair, then "Save As" SSL Client with the identity), and that OA2C_CONFIG selects that identity as SSL Client PSE.',
  },
  {
    code: 'CLIENT_CERTIFICATE_REJECTED',
    severity: 'error',
    title: 'the client certificate is not accepted for this client id',
    meaning: 'XSUAA knows the client id but not this certificate: another certificate was bound, the binding was deleted, pinning is true and the certificate was renewed, the issuer changed, an older certificate was used after a newer one, or the clientid belongs to another binding.',
    fix: 'Compare the certificate presented (subject, serial, notAfter) with the one in the binding. Re-import the current certificate into the STRUST identity, or create a new binding for it (aicore-mtls setup); use the clientid of the mTLS binding in OA2C_CONFIG.',
  },
  {
    code: 'CLIENT_SECRET_REJECTED',
    severity: 'error',
    title: 'the client secret is not accepted',
    meaning: 'XSUAA rejected the client id and secret: the secret is wrong, or the binding was deleted or rotated.',
    fix: 'Take clientid and clientsecret from the current service key; in OA2C_CONFIG re-enter the client secret.',
  },
  {
    code: 'SERVER_UNTRUSTED',
    severity: 'error',
    title: 'the server certificate is not trusted',
    meaning: 'The server presented a chain whose root this client does not trust (or a TLS-inspecting proxy replaced it).',
    fix: 'On the workstation add the root with --ca-file (or NODE_EXTRA_CA_CERTS). In S/4HANA the same error appears as SSSLERR_PEER_CERT_UNTRUSTED: add the root to the PSE of that call in STRUST (identity PSE for certurl, DFAULT for AI_API_URL).',
  },
  {
    code: 'KEY_MISMATCH',
    severity: 'error',
    title: 'the private key does not belong to the certificate',
    meaning: 'Certificate and key come from different key pairs, usually because one side was regenerated.',
    fix: 'Use the key that was downloaded or created together with the certificate; "aicore-mtls cert match" finds the matching pair.',
  },
  {
    code: 'CERTIFICATE_EXPIRED',
    severity: 'error',
    title: 'the client certificate has expired',
    meaning: 'XSUAA refuses expired client certificates; S/4HANA keeps presenting its imported copy until someone re-imports.',
    fix: 'Download the renewed certificate (BTP renews generated ones before expiry) or generate a new one, and re-import it in STRUST (PSE → Import, Save As the same identity).',
  },
  {
    code: 'CERTIFICATE_NOT_YET_VALID',
    severity: 'error',
    title: 'the client certificate is not valid yet',
    meaning: 'Its notBefore lies in the future, often because the clock of the workstation or server is wrong.',
    fix: 'Check the system clocks; wait until the certificate becomes valid.',
  },
  {
    code: 'AICORE_UNAUTHORIZED',
    severity: 'error',
    title: 'SAP AI Core rejected the token (401)',
    meaning: 'The token is not accepted by the AI API: it expired, was issued for another zone, or comes from another subaccount\'s XSUAA.',
    fix: 'Use the clientid, url and certurl of the same SAP AI Core binding as the SM59 host (serviceurls.AI_API_URL).',
  },
  {
    code: 'AICORE_FORBIDDEN',
    severity: 'error',
    title: 'SAP AI Core refused the call (403)',
    meaning: 'The token is valid but lacks the authority for this call.',
    fix: 'Check the service plan of the SAP AI Core instance and the scopes of the binding.',
  },
  {
    code: 'AICORE_RESOURCE_GROUP_NOT_FOUND',
    severity: 'error',
    title: 'the resource group does not exist (404)',
    meaning: 'SAP AI Core does not know the resource group named in AI-Resource-Group.',
    fix: 'In ISLM_REUSE_CFGV set Resource Group to an existing id ("default" exists on every instance), or create the group in SAP AI Launchpad.',
  },
  {
    code: 'NETWORK_UNREACHABLE',
    severity: 'error',
    title: 'the host could not be reached',
    meaning: 'The connection was refused, timed out or the name did not resolve; a proxy may be required.',
    fix: 'Check the host name, DNS and proxy (HTTPS_PROXY / NO_PROXY on the workstation, the SM59 proxy settings in S/4HANA).',
  },
  {
    code: 'CONNECTION_RESET',
    severity: 'error',
    title: 'the server closed the connection during the request',
    meaning: 'A server that cannot verify the client certificate may drop the connection without an alert; proxies and load balancers can do the same.',
    fix: 'Check that the full chain (leaf and intermediate) is presented and that the certificate is still valid; retry to rule out a passing fault.',
  },
  {
    code: 'CHECK_FAILED',
    severity: 'error',
    title: 'the connection check failed',
    meaning: 'A failure without a more specific diagnosis; the evidence names the error.',
    fix: 'Run again with --verbose and compare the evidence with the troubleshooting table of the S/4HANA sheet.',
  },
]);
