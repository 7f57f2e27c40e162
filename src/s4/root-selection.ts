import { X509Certificate } from 'node:crypto';

import { summarizeCertificate, type CertificateSummary } from './certificate-summary.ts';
import { probeServerChain, S4ProbeError, type ProbeResult } from './probe.ts';
import { digicertGlobalRootG2, findBundledRoot } from './root-store.ts';
import type { RootCertificateInput, RootTarget } from './sheet-input.ts';

export interface RootSelectionOptions {
  /** Host and port of `certurl` (token request, identity PSE). */
  certurl: { host: string; port: number };
  /** Host and port of `serviceurls.AI_API_URL` (API calls, DFAULT). */
  aiApi: { host: string; port: number };
  /** Connect to both hosts and read the chains they serve. */
  probe: boolean;
  /** Extra roots trusted by the probe (PEM) and a label for where they came from. */
  extraCa?: string[];
  extraCaSource?: string;
  timeoutMs?: number;
  now?: Date;
}

export interface RootSelection {
  roots: RootCertificateInput[];
  warnings: string[];
  /** Probes that failed; their PSE falls back to the expected or candidate root. */
  probeFailures: S4ProbeError[];
}

const trustStoreLink = 'the "required" roots of SAP BTP (GitHub sap-software/btp-trust-store, file required.pse or the PEM files)';

/**
 * Decides which root certificate goes into which PSE. With `probe`, the root is the trust
 * anchor of the chain each host serves. Without it, or when a probe fails, the identity PSE
 * gets DigiCert Global Root G2, the root SAP's ISLM mTLS tutorial imports for `certurl`.
 * DFAULT gets G2 as an unconfirmed candidate, because no SAP source names the root of the AI
 * API host. Nothing is downloaded: G2 comes from Node's bundled CA store.
 */
export async function selectRoots(options: RootSelectionOptions): Promise<RootSelection> {
  const warnings: string[] = [];
  const probeFailures: S4ProbeError[] = [];
  const at = (options.now ?? new Date()).toISOString().slice(0, 16).replace('T', ' ');

  const probeOne = async (target: RootTarget, endpoint: { host: string; port: number }): Promise<RootCertificateInput> => {
    if (!options.probe) return fallbackRoot(target, endpoint.host, warnings);
    try {
      const result = await probeServerChain({ ...endpoint, extraCa: options.extraCa, timeoutMs: options.timeoutMs });
      return observedRoot(target, result, at, options);
    } catch (error) {
      if (!(error instanceof S4ProbeError)) throw error;
      probeFailures.push(error);
      warnings.push(`${error.message}. The sheet shows the ${target === 'identity' ? 'expected' : 'candidate'} root for ${endpoint.host} instead.`);
      return fallbackRoot(target, endpoint.host, warnings);
    }
  };

  const roots = await Promise.all([probeOne('identity', options.certurl), probeOne('DFAULT', options.aiApi)]);
  return { roots, warnings, probeFailures };
}

function observedRoot(target: RootTarget, result: ProbeResult, at: string, options: RootSelectionOptions): RootCertificateInput {
  const summary = result.root.summary;
  const fromExtraCa = (options.extraCa ?? []).some((pem) => fingerprintOf(pem) === summary.sha256Fingerprint);
  const trust = fromExtraCa ? `trusted through ${options.extraCaSource ?? 'the extra CA file'}` : "trusted through Node's bundled CA store";
  const root: RootCertificateInput = {
    pse: target,
    status: 'observed',
    certificate: certificateOf(summary),
    source: `TLS probe of ${result.host}:${result.port} at ${at} UTC (${result.protocol ?? 'TLS'}, chain of ${result.chain.length}, ${trust})`,
    pem: result.root.pem,
  };
  if (!summary.selfSigned) {
    root.note = `The chain of ${result.host} ends at ${summary.subject}, which is not self-signed; STRUST may need its issuer as well.`;
  } else if (target === 'identity' && summary.sha256Fingerprint !== digicertGlobalRootG2.sha256Fingerprint) {
    root.note = `${result.host} chains to ${summary.commonName ?? summary.subject}, not to DigiCert Global Root G2 as in SAP's ISLM mTLS tutorial. Import the observed root.`;
  }
  return root;
}

function fallbackRoot(target: RootTarget, host: string, warnings: string[]): RootCertificateInput {
  const bundled = findBundledRoot(digicertGlobalRootG2.sha256Fingerprint);
  const summary = bundled ? summarizeCertificate(bundled.certificate) : undefined;
  if (!summary && !warnings.some((warning) => warning.includes('DigiCert Global Root G2 is missing'))) {
    warnings.push("DigiCert Global Root G2 is missing from this Node version's CA store, so the sheet cannot offer its PEM; download it from DigiCert and compare the SHA-256 below.");
  }
  const certificate = summary
    ? certificateOf(summary)
    : { subject: 'CN=DigiCert Global Root G2, OU=www.digicert.com, O=DigiCert Inc, C=US', commonName: digicertGlobalRootG2.name, sha256Fingerprint: digicertGlobalRootG2.sha256Fingerprint };
  const root: RootCertificateInput =
    target === 'identity'
      ? {
          pse: 'identity',
          status: 'expected',
          certificate,
          source: "SAP's ISLM mTLS tutorial imports this root for certurl; copy from Node's bundled CA store",
          note: `Not checked against ${host}. Run "aicore-mtls s4 sheet --probe" where the host is reachable to read the chain it serves.`,
        }
      : {
          pse: 'DFAULT',
          status: 'unconfirmed',
          certificate,
          source: "likely root, copy from Node's bundled CA store",
          note: `No SAP source names the root of ${host}. DigiCert Global Root G2 is likely because SAP BTP moved its domains to it. Confirm with "aicore-mtls s4 sheet --probe" where the host is reachable, or import ${trustStoreLink} into DFAULT.`,
        };
  if (bundled) root.pem = bundled.pem;
  return root;
}

function certificateOf(summary: CertificateSummary): NonNullable<RootCertificateInput['certificate']> {
  const certificate: NonNullable<RootCertificateInput['certificate']> = {
    subject: summary.subject,
    sha256Fingerprint: summary.sha256Fingerprint,
    serialNumber: summary.serialNumber,
    notAfter: summary.notAfter,
  };
  if (summary.commonName !== undefined) certificate.commonName = summary.commonName;
  return certificate;
}

function fingerprintOf(pem: string): string | undefined {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return undefined;
  }
}
