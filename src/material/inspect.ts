import type { KeyObject } from 'node:crypto';

import { keysMatch } from '../keys/match.ts';
import { describeKey, publicKeyFingerprint, type KeyDescription } from '../keys/public-key.ts';
import type { PrivateKeyEncoding } from '../keys/private-key.ts';
import { buildChain, certificateRole, type CertificateChain, type CertificateRole, type ChainAnchor, type MissingIssuer } from '../x509/chain.ts';
import { describeCertificate, type CertificateDescription } from '../x509/describe.ts';
import { lintChain, type Finding } from '../x509/lint.ts';
import type { Material, Pkcs12AlgorithmReport, PrivateKey, TextRepair } from './types.ts';

export interface InspectedCertificate extends CertificateDescription {
  /** Position in the input, counting from 1. */
  index: number;
  role: CertificateRole;
  /** Whether the certificate is on the leaf's chain. */
  onChain: boolean;
}

export interface InspectedPrivateKey {
  index: number;
  origin: string;
  encoding: PrivateKeyEncoding;
  protection?: string;
  keyType: KeyDescription;
  /** SHA-256 of the SubjectPublicKeyInfo derived from the key; equals the matching certificate's. */
  publicKeyFingerprint256: string;
  /** Indexes of the certificates whose public key this key matches. */
  matchesCertificates: number[];
  matchesLeaf: boolean;
}

export interface InspectedChain {
  /** Certificate indexes from leaf to root. */
  order: number[];
  complete: boolean;
  anchor?: ChainAnchor;
  missingIssuer?: MissingIssuer;
  reordered: boolean;
  unused: number[];
}

/** Everything `cert inspect` reports about an input; plain data for JSON output. Holds no key material. */
export interface MaterialReport {
  format: Material['format'];
  certificates: InspectedCertificate[];
  chain: InspectedChain;
  privateKeys: InspectedPrivateKey[];
  /** `no-key` when neither the input nor `extraKeys` had a private key, `no-certificate` when the input has no certificate. */
  leafKey: 'match' | 'mismatch' | 'no-key' | 'no-certificate';
  findings: Finding[];
  repairs: TextRepair[];
  warnings: string[];
  pkcs12?: Pkcs12AlgorithmReport;
  summary: {
    errors: number;
    warnings: number;
    leafDaysLeft?: number;
    /** `error` (exit 1): an error-level finding; `expiring` (exit 3): the leaf expires within warnDays; else `ok`. */
    status: 'ok' | 'error' | 'expiring';
    exitCode: 0 | 1 | 3;
  };
}

export interface InspectOptions {
  /** Keys supplied separately (`--key`), checked against the leaf like contained keys. */
  extraKeys?: PrivateKey[];
  warnDays?: number;
  now?: Date;
}

/** Builds the chain, lints it and describes every certificate and key of a material. */
export function inspectMaterial(material: Material, options: InspectOptions = {}): MaterialReport {
  const now = options.now ?? new Date();
  const warnDays = options.warnDays ?? 30;
  const keys = [...material.privateKeys, ...(options.extraKeys ?? [])];
  const keyObjects = keys.map((key) => key.keyObject);
  const chain = buildChain(material.certificates, { privateKey: matchingKey(material, keyObjects) });
  const index = (certificate: (typeof material.certificates)[number]) => material.certificates.indexOf(certificate) + 1;

  const certificates = material.certificates.map((certificate, position) => ({
    ...describeCertificate(certificate, now),
    index: position + 1,
    role: certificateRole(certificate, chain),
    onChain: chain.path.includes(certificate),
  }));
  const privateKeys = keys.map((key, position) => describePrivateKey(key, position + 1, material, chain));
  const findings = lintChain({ chain, privateKeys: keyObjects, now, warnDays });

  const report: MaterialReport = {
    format: material.format,
    certificates,
    chain: {
      order: chain.path.map(index),
      complete: chain.complete,
      reordered: chain.reordered,
      unused: chain.unused.map(index),
      ...(chain.anchor ? { anchor: chain.anchor } : {}),
      ...(chain.missingIssuer ? { missingIssuer: chain.missingIssuer } : {}),
    },
    privateKeys,
    leafKey: leafKeyState(chain, keys.length, privateKeys),
    findings,
    repairs: material.repairs,
    warnings: material.warnings,
    summary: summarize(findings, chain, certificates),
  };
  if (material.pkcs12) report.pkcs12 = material.pkcs12;
  return report;
}

/** The key whose certificate should be the leaf: the first key that matches any certificate. */
function matchingKey(material: Material, keys: KeyObject[]): KeyObject | undefined {
  return keys.find((key) => material.certificates.some((certificate) => keysMatch(certificate.x509, key)));
}

function leafKeyState(chain: CertificateChain, keyCount: number, privateKeys: InspectedPrivateKey[]): MaterialReport['leafKey'] {
  if (chain.leaf === undefined) return 'no-certificate';
  if (keyCount === 0) return 'no-key';
  return privateKeys.some((key) => key.matchesLeaf) ? 'match' : 'mismatch';
}

function describePrivateKey(key: PrivateKey, index: number, material: Material, chain: CertificateChain): InspectedPrivateKey {
  const matches = material.certificates.flatMap((certificate, position) => (keysMatch(certificate.x509, key.keyObject) ? [position + 1] : []));
  const described: InspectedPrivateKey = {
    index,
    origin: key.origin,
    encoding: key.encoding,
    keyType: describeKey(key.keyObject),
    publicKeyFingerprint256: publicKeyFingerprint(key.keyObject),
    matchesCertificates: matches,
    matchesLeaf: chain.leaf !== undefined && keysMatch(chain.leaf.x509, key.keyObject),
  };
  if (key.protection) described.protection = key.protection;
  return described;
}

function summarize(findings: Finding[], chain: CertificateChain, certificates: InspectedCertificate[]): MaterialReport['summary'] {
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  const leaf = chain.leaf === undefined ? undefined : certificates.find((certificate) => certificate.fingerprint256 === chain.leaf!.x509.fingerprint256);
  const expiring = findings.some((finding) => finding.code === 'CERT_EXPIRES_SOON' && leaf !== undefined && finding.subject === leaf.subject);
  let summary: MaterialReport['summary'] = { errors, warnings, status: 'ok', exitCode: 0 };
  if (errors > 0) summary = { ...summary, status: 'error', exitCode: 1 };
  else if (expiring) summary = { ...summary, status: 'expiring', exitCode: 3 };
  if (leaf) summary.leafDaysLeft = leaf.daysLeft;
  return summary;
}
