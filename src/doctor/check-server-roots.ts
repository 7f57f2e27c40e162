import type { X509Certificate } from 'node:crypto';

import type { ServiceCredentials } from '../credentials/index.ts';
import { AicoreMtlsError } from '../errors.ts';
import { displayName } from '../http/index.ts';
import type { Certificate } from '../material/index.ts';
import { parseCertificateFields } from '../x509/certificate-fields.ts';
import { findIssuerInNodeRootStore } from '../x509/root-store.ts';
import { diagnose, type Diagnosis } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import { probeHost, type HostProbe } from '../tls/probe-host.ts';
import type { CheckOutcome, ServerRootReport } from './types.ts';

export interface ServerRootsOptions {
  credentials: ServiceCredentials;
  /** PEM certificates trusted for the probe besides Node's roots. */
  extraCa: readonly string[];
  /** Certificates of --ca-file and --bundle: what the user says the PSEs hold. Empty: judge by the probe's verification. */
  givenRoots: readonly Certificate[];
  givenRootsSource: string;
  timeoutMs?: number;
}

interface Target {
  target: ServerRootReport['target'];
  url: string;
  pse: string;
  code: 'ROOT_MISSING_CERTURL' | 'ROOT_MISSING_AI_API';
}

const untrustedErrors = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

/**
 * Reads the chains the certurl and AI_API_URL hosts serve and names the root each needs in
 * S/4HANA: certurl's in the identity PSE that OA2C_CONFIG selects, AI_API_URL's in DFAULT,
 * which SM59 uses. A root is missing when the chain does not verify here, or when --ca-file or
 * --bundle were given and the root is not among their certificates.
 */
export async function checkServerRoots(options: ServerRootsOptions): Promise<CheckOutcome & { servers: ServerRootReport[] }> {
  const { credentials } = options;
  const targets: Target[] = [];
  if (credentials.credentialType === 'x509' && credentials.certurl) {
    targets.push({ target: 'certurl', url: credentials.certurl, pse: 'the identity PSE that OA2C_CONFIG selects as SSL Client PSE (for example ISLM)', code: 'ROOT_MISSING_CERTURL' });
  }
  const aiApiUrl = credentials.serviceurls?.['AI_API_URL'];
  if (aiApiUrl) targets.push({ target: 'AI_API_URL', url: aiApiUrl, pse: 'DFAULT (SSL Client Standard), the SSL Client PSE of SM59', code: 'ROOT_MISSING_AI_API' });

  const results = await Promise.all(targets.map((target) => probeTarget(target, options)));
  const outcome = emptyOutcome();
  for (const result of results) {
    outcome.diagnoses.push(...result.diagnoses);
    outcome.passed.push(...result.passed);
  }
  return { ...outcome, servers: results.flatMap((result) => (result.server ? [result.server] : [])) };
}

async function probeTarget(target: Target, options: ServerRootsOptions): Promise<{ diagnoses: Diagnosis[]; passed: string[]; server?: ServerRootReport }> {
  const url = new URL(target.url);
  const port = url.port === '' ? 443 : Number(url.port);
  let probe: HostProbe;
  try {
    probe = await probeHost({ host: url.hostname, port, extraCa: options.extraCa, timeoutMs: options.timeoutMs });
  } catch (error) {
    if (!(error instanceof AicoreMtlsError)) throw error;
    return { diagnoses: [diagnose('NETWORK_UNREACHABLE', [`${target.target}: ${error.message}`])], passed: [] };
  }

  const server = describeServer(target, probe, options);
  const rootText = `"${server.root.subject}"${server.root.fingerprint256 ? ` (SHA-256 ${server.root.fingerprint256})` : ''}`;
  const where = `${target.target} host ${probe.host}:${probe.port} chains to the root ${rootText}; it belongs in ${target.pse}`;
  const diagnoses: Diagnosis[] = [];
  if (!probe.authorized && probe.authorizationError !== undefined && untrustedErrors.has(probe.authorizationError)) {
    diagnoses.push(diagnose(target.code, [where, `this workstation does not trust that root either (OpenSSL: ${probe.authorizationError}); the served chain is ${server.chain.map((subject) => `"${subject}"`).join(' → ')}`]));
  } else if (!probe.authorized) {
    diagnoses.push(diagnose('SERVER_UNTRUSTED', [`${target.target} host ${probe.host}:${probe.port}: the server certificate did not verify (${probe.authorizationError ?? 'unknown reason'})`]));
  }
  if (server.inGivenRoots === false) {
    diagnoses.push(diagnose(target.code, [where, `the root is not among the certificates of ${options.givenRootsSource}`]));
  }
  const passed = diagnoses.length === 0 ? [`${where}${server.inGivenRoots ? ` (found in ${options.givenRootsSource})` : ''}`] : [];
  return { diagnoses, passed, server };
}

function describeServer(target: Target, probe: HostProbe, options: ServerRootsOptions): ServerRootReport {
  const last = probe.chain.at(-1);
  const server: ServerRootReport = {
    target: target.target,
    host: probe.host,
    port: probe.port,
    pse: target.pse,
    verified: probe.authorized,
    chain: probe.chain.map((certificate) => displayName(certificate.subject)),
    root: { subject: last ? displayName(last.issuer) : 'unknown' },
  };
  if (probe.authorizationError !== undefined) server.verificationError = probe.authorizationError;
  const root = last === undefined ? undefined : rootOf(last, options);
  if (root !== undefined) {
    server.root = { subject: displayName(root.certificate.subject), fingerprint256: root.certificate.fingerprint256, foundIn: root.foundIn };
  }
  if (options.givenRoots.length > 0) {
    server.inGivenRoots = options.givenRoots.some((given) =>
      server.root.fingerprint256 !== undefined ? given.x509.fingerprint256 === server.root.fingerprint256 : displayName(given.x509.subject) === server.root.subject,
    );
  }
  return server;
}

/** Finds the root above the last certificate of a chain: that certificate when self-signed, else its issuer if known here. */
function rootOf(last: X509Certificate, options: ServerRootsOptions): { certificate: X509Certificate; foundIn: string } | undefined {
  if (last.subject === last.issuer && safeVerify(last, last)) return { certificate: last, foundIn: 'the chain of the handshake' };
  const issuer = options.givenRoots.find((candidate) => last.checkIssued(candidate.x509) && safeVerify(last, candidate.x509));
  if (issuer) return { certificate: issuer.x509, foundIn: options.givenRootsSource };
  const stored = findIssuerInNodeRootStore(last, issuerDer(last));
  if (stored) return { certificate: stored, foundIn: "Node's root store" };
  return undefined;
}

function issuerDer(certificate: X509Certificate): Uint8Array {
  return parseCertificateFields(new Uint8Array(certificate.raw)).issuer.der;
}

function safeVerify(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.verify(parent.publicKey);
  } catch {
    return false;
  }
}
