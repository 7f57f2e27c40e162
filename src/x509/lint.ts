import type { KeyObject } from 'node:crypto';

import { keysMatch } from '../keys/match.ts';
import { describeKey } from '../keys/public-key.ts';
import { certificateFields, type Certificate } from './certificate.ts';
import { isSelfSigned, type CertificateChain } from './chain.ts';
import { daysLeft } from './describe.ts';
import { formatName } from './name.ts';
import { weakSignatureAlgorithms } from './oids.ts';

export type FindingSeverity = 'error' | 'warning' | 'info';

/** One result of a lint rule. `code` is stable; `message` names the certificate concerned. */
export interface Finding {
  severity: FindingSeverity;
  code: string;
  message: string;
  /** RFC 4514 subject of the certificate the finding is about. */
  subject?: string;
  fix?: string;
}

export interface LintInput {
  chain: CertificateChain;
  /** Private keys that came with the certificates or were supplied separately. */
  privateKeys?: readonly KeyObject[];
  now?: Date;
  /** The leaf expiring within this many days is a warning (`CERT_EXPIRES_SOON`). */
  warnDays?: number;
}

const minimumRsaBits = 2048;

/**
 * Checks a chain for what breaks mTLS with SAP BTP or STRUST imports: validity, weak keys and
 * signatures, gaps in the chain, roots outside public trust, key usage, and the key pair.
 */
export function lintChain(input: LintInput): Finding[] {
  const now = input.now ?? new Date();
  const warnDays = input.warnDays ?? 30;
  const { chain } = input;
  const findings: Finding[] = [];

  chain.path.forEach((certificate, index) => {
    findings.push(...validityFindings(certificate, now, index === 0 ? warnDays : 0, 'error'));
    findings.push(...strengthFindings(certificate));
    if (index > 0 && !certificateFields(certificate).decoded.basicConstraints?.ca) {
      findings.push(finding('error', 'ISSUER_NOT_CA', certificate, 'is used as an issuer but is not marked as a CA (basicConstraints cA is not true)', 'Use the CA certificate that really issued the chain; TLS peers reject this one as an issuer.'));
    }
  });
  findings.push(...chainFindings(chain));
  if (chain.leaf) findings.push(...leafFindings(chain));
  findings.push(...keyFindings(chain, input.privateKeys ?? []));
  for (const certificate of chain.unused) {
    findings.push(finding('warning', 'CERTIFICATE_UNUSED', certificate, 'is not part of the chain of the leaf certificate', 'Remove it from the bundle unless a consumer needs it; "cert convert" leaves it out.'));
    findings.push(...validityFindings(certificate, now, 0, 'warning'));
  }
  for (const certificate of chain.duplicates) {
    findings.push(finding('info', 'CERTIFICATE_DUPLICATE', certificate, 'appears more than once; the copies are ignored'));
  }
  return findings;
}

function validityFindings(certificate: Certificate, now: Date, warnDays: number, severity: FindingSeverity): Finding[] {
  const fields = certificateFields(certificate);
  const left = daysLeft(fields.notAfter, now);
  if (fields.notAfter.getTime() < now.getTime()) {
    const ago = left === 0 ? 'less than a day ago' : `${-left} day${left === -1 ? '' : 's'} ago`;
    return [finding(severity, 'CERT_EXPIRED', certificate, `expired on ${fields.notAfter.toISOString()} (${ago})`, 'Renew the certificate (a new binding or service key, or a new Destination certificate) and replace it everywhere it is used.')];
  }
  if (fields.notBefore.getTime() > now.getTime()) {
    return [finding(severity, 'CERT_NOT_YET_VALID', certificate, `is not valid before ${fields.notBefore.toISOString()}`, 'Check the system clock of the machine that issued it and of this one, or wait until the start date.')];
  }
  if (warnDays > 0 && left < warnDays) {
    return [finding('warning', 'CERT_EXPIRES_SOON', certificate, `expires on ${fields.notAfter.toISOString()}, in ${left} day${left === 1 ? '' : 's'} (threshold ${warnDays} days)`, 'Renew the certificate before it expires and plan the exchange in STRUST.')];
  }
  return [];
}

function strengthFindings(certificate: Certificate): Finding[] {
  const findings: Finding[] = [];
  const key = describeKey(certificate.x509.publicKey);
  if ((key.algorithm === 'RSA' || key.algorithm === 'RSA-PSS') && key.bits !== undefined && key.bits < minimumRsaBits) {
    findings.push(finding('error', 'RSA_KEY_TOO_SMALL', certificate, `has an RSA key of ${key.bits} bits; at least ${minimumRsaBits} are required`, 'Issue a new certificate with an RSA key of 2048 bits or more, or an EC P-256 key.'));
  }
  const algorithm = certificateFields(certificate).signatureAlgorithm;
  if (weakSignatureAlgorithms.has(algorithm.oid)) {
    if (isSelfSigned(certificate)) {
      findings.push(finding('info', 'WEAK_SIGNATURE_ROOT', certificate, `is a root signed with ${algorithm.name}; TLS does not check the signature of a trusted root, so this is harmless`));
    } else {
      findings.push(finding('error', 'WEAK_SIGNATURE', certificate, `is signed with ${algorithm.name}; OpenSSL 3 rejects SHA-1 and MD5 signatures at its default security level`, 'Have the certificate re-issued with a SHA-256 signature.'));
    }
  }
  return findings;
}

function chainFindings(chain: CertificateChain): Finding[] {
  const findings: Finding[] = [];
  const top = chain.path.at(-1);
  if (chain.missingIssuer && top) {
    const { subject, authorityKeyIdentifier, knownRoot } = chain.missingIssuer;
    const keyId = authorityKeyIdentifier ? ` (key identifier ${authorityKeyIdentifier})` : '';
    if (knownRoot) {
      findings.push(finding('warning', 'ROOT_NOT_INCLUDED', top, `is issued by ${knownRoot.name} ("${subject}"${keyId}), which the file does not contain`, `Add the ${knownRoot.name} certificate to the bundle; STRUST and Destination uploads need the whole chain.`));
    } else {
      findings.push(finding('error', 'CHAIN_INCOMPLETE', top, `is issued by "${subject}"${keyId}, which is neither in the file nor in Node's root store`, `Add the certificate of "${subject}" to the file, after "${formatName(certificateFields(top).subject)}"; get it from the CA that issued the chain.`));
    }
  }
  const anchor = chain.anchor;
  if (anchor?.source === 'node-root-store') {
    findings.push({ severity: 'info', code: 'ROOT_FROM_NODE_STORE', subject: anchor.subject, message: `the chain ends at "${anchor.subject}" from Node's root store; the file does not contain the root` });
  } else if (anchor && !anchor.inNodeRootStore) {
    if (anchor.knownRoot) {
      findings.push({ severity: 'info', code: 'ROOT_SAP', subject: anchor.subject, message: `the chain ends at ${anchor.knownRoot.name}, an SAP root that is not in public root stores (${anchor.knownRoot.role})` });
    } else {
      findings.push({
        severity: 'warning',
        code: 'ROOT_NOT_PUBLIC',
        subject: anchor.subject,
        message: `the chain ends at the self-signed root "${anchor.subject}", which is neither in Node's root store nor a known SAP root`,
        fix: 'This is fine for a private CA, but every peer (XSUAA, STRUST) must trust this root explicitly.',
      });
    }
  }
  if (chain.reordered) {
    findings.push({ severity: 'info', code: 'CHAIN_ORDER', message: 'the certificates are not in leaf-to-root order; "cert convert" writes them in that order' });
  }
  return findings;
}

function leafFindings(chain: CertificateChain): Finding[] {
  const leaf = chain.leaf!;
  const decoded = certificateFields(leaf).decoded;
  if (decoded.basicConstraints?.ca) {
    return [finding('info', 'NO_END_ENTITY', leaf, 'is a CA certificate; the input contains no end-entity (client) certificate')];
  }
  const findings: Finding[] = [];
  const purposes = decoded.extendedKeyUsage;
  if (purposes && !purposes.includes('clientAuth') && !purposes.includes('anyExtendedKeyUsage')) {
    findings.push(finding('warning', 'LEAF_NOT_CLIENT_AUTH', leaf, `has extended key usage ${purposes.join(', ')} without clientAuth, so TLS servers reject it as a client certificate`, 'Issue the client certificate with the clientAuth extended key usage.'));
  }
  if (decoded.keyUsage && !decoded.keyUsage.includes('digitalSignature')) {
    findings.push(finding('warning', 'LEAF_NO_DIGITAL_SIGNATURE', leaf, `has key usage ${decoded.keyUsage.join(', ') || '(none)'} without digitalSignature, which TLS client authentication needs`, 'Issue the client certificate with the digitalSignature key usage.'));
  }
  return findings;
}

function keyFindings(chain: CertificateChain, privateKeys: readonly KeyObject[]): Finding[] {
  if (privateKeys.length === 0) return [];
  const findings: Finding[] = [];
  const leaf = chain.leaf;
  if (leaf && !privateKeys.some((key) => keysMatch(leaf.x509, key))) {
    findings.push(finding('error', 'KEY_MISMATCH', leaf, 'does not match any of the private keys given', 'Find the private key that belongs to this certificate (compare fingerprints with "aicore-mtls cert match"), or the certificate issued for this key.'));
  }
  const everyCertificate = [...chain.path, ...chain.unused];
  const strays = privateKeys.filter((key) => !everyCertificate.some((certificate) => keysMatch(certificate.x509, key)));
  if (leaf && strays.length > 0 && strays.length < privateKeys.length) {
    findings.push({ severity: 'warning', code: 'KEY_UNUSED', message: `${strays.length} private key${strays.length === 1 ? '' : 's'} match${strays.length === 1 ? 'es' : ''} no certificate in the input` });
  }
  return findings;
}

function finding(severity: FindingSeverity, code: string, certificate: Certificate, text: string, fix?: string): Finding {
  const subject = formatName(certificateFields(certificate).subject);
  const result: Finding = { severity, code, subject, message: `certificate "${subject}" ${text}` };
  if (fix !== undefined) result.fix = fix;
  return result;
}
