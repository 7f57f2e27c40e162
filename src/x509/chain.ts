import type { KeyObject, X509Certificate } from 'node:crypto';

import { keysMatch } from '../keys/match.ts';
import { parseCertificateFields } from './certificate-fields.ts';
import { bytesEqual } from './der.ts';
import { certificateFields, type Certificate } from './certificate.ts';
import { knownRootBySubject, type KnownRoot } from './known-roots.ts';
import { formatName } from './name.ts';
import { findIssuerInNodeRootStore, rootTrust } from './root-store.ts';

export type CertificateRole = 'leaf' | 'intermediate' | 'root';

/** The self-signed root a chain ends at. */
export interface ChainAnchor {
  subject: string;
  fingerprint256: string;
  /** `input` when the root is one of the given certificates, `node-root-store` when it was found there. */
  source: 'input' | 'node-root-store';
  inNodeRootStore: boolean;
  knownRoot?: KnownRoot;
}

/** The issuer of the last certificate of an incomplete chain. */
export interface MissingIssuer {
  /** RFC 4514 name of the missing certificate. */
  subject: string;
  /** Key identifier from the child's authorityKeyIdentifier extension, upper-case hex. */
  authorityKeyIdentifier?: string;
  /** Set when the name is that of a listed SAP-relevant root (such as SAP Cloud Root CA). */
  knownRoot?: KnownRoot;
}

export interface CertificateChain {
  /** The end-entity certificate: the one matching the private key, else the one that issued no other. */
  leaf: Certificate | undefined;
  /** Certificates from the input, leaf first, each issued by the next. */
  path: Certificate[];
  /** Whether the path reaches a self-signed root, in the input or in Node's root store. */
  complete: boolean;
  anchor?: ChainAnchor;
  missingIssuer?: MissingIssuer;
  /** Input certificates that are not on the path (other leaves, unrelated CAs). */
  unused: Certificate[];
  /** Input certificates that repeat an earlier one byte for byte. */
  duplicates: Certificate[];
  /** Whether the input listed the path in another order than leaf first, root last. */
  reordered: boolean;
}

export interface BuildChainOptions {
  /** The private key of the leaf; the certificate it matches becomes the leaf. */
  privateKey?: KeyObject;
}

/**
 * Orders certificates into a path from the leaf to its root, linking each certificate to the
 * one whose name matches its issuer and whose key verifies its signature (X509Certificate
 * `checkIssued` plus `verify`). Validity dates do not break links; lint reports them.
 */
export function buildChain(certificates: readonly Certificate[], options: BuildChainOptions = {}): CertificateChain {
  const { unique, duplicates } = removeDuplicates(certificates);
  const leaf = chooseLeaf(unique, options.privateKey);
  const chain: CertificateChain = { leaf, path: [], complete: false, unused: [], duplicates, reordered: false };
  if (leaf === undefined) return chain;

  const path = [leaf];
  let current = leaf;
  for (;;) {
    if (isSelfSigned(current)) {
      chain.complete = true;
      chain.anchor = anchorFor(current.x509, current.der, 'input');
      break;
    }
    const next = chooseIssuer(current, unique.filter((candidate) => !path.includes(candidate)));
    if (next) {
      path.push(next);
      current = next;
      continue;
    }
    const storeRoot = findIssuerInNodeRootStore(current.x509, certificateFields(current).issuer.der);
    if (storeRoot) {
      chain.complete = true;
      chain.anchor = anchorFor(storeRoot, new Uint8Array(storeRoot.raw), 'node-root-store');
    } else {
      chain.missingIssuer = missingIssuerOf(current);
    }
    break;
  }

  chain.path = path;
  chain.unused = unique.filter((certificate) => !path.includes(certificate));
  const positions = path.map((certificate) => unique.indexOf(certificate));
  chain.reordered = positions.some((position, index) => index > 0 && position < positions[index - 1]!);
  return chain;
}

/** Returns the role of a certificate: its place on the path, or its kind for certificates off the path. */
export function certificateRole(certificate: Certificate, chain: CertificateChain): CertificateRole {
  const index = chain.path.indexOf(certificate);
  const ca = certificateFields(certificate).decoded.basicConstraints?.ca === true;
  // A self-signed end-entity certificate (no CA flag) is a leaf, not a root.
  if (isSelfSigned(certificate) && (ca || index > 0)) return 'root';
  if (index === 0) return 'leaf';
  if (index > 0) return 'intermediate';
  return ca ? 'intermediate' : 'leaf';
}

/** Checks that `child` names `parent` as issuer and that `parent`'s key verifies its signature. */
export function isIssuedBy(child: Certificate, parent: Certificate): boolean {
  return child.x509.checkIssued(parent.x509) && verifies(child, parent);
}

const selfSigned = new WeakMap<Certificate, boolean>();

/**
 * Checks that a certificate names itself as issuer and that its own key verifies its signature.
 * `checkIssued` is not used here because OpenSSL rejects an issuer whose key usage lacks
 * keyCertSign, which self-signed end-entity certificates usually do.
 */
export function isSelfSigned(certificate: Certificate): boolean {
  let result = selfSigned.get(certificate);
  if (result === undefined) {
    const fields = certificateFields(certificate);
    result = bytesEqual(fields.subject.der, fields.issuer.der) && verifies(certificate, certificate);
    selfSigned.set(certificate, result);
  }
  return result;
}

function verifies(child: Certificate, parent: Certificate): boolean {
  try {
    return child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

function removeDuplicates(certificates: readonly Certificate[]): { unique: Certificate[]; duplicates: Certificate[] } {
  const seen = new Set<string>();
  const unique: Certificate[] = [];
  const duplicates: Certificate[] = [];
  for (const certificate of certificates) {
    const fingerprint = certificate.x509.fingerprint256;
    if (seen.has(fingerprint)) {
      duplicates.push(certificate);
    } else {
      seen.add(fingerprint);
      unique.push(certificate);
    }
  }
  return { unique, duplicates };
}

function chooseLeaf(certificates: Certificate[], privateKey: KeyObject | undefined): Certificate | undefined {
  if (privateKey) {
    const matching = certificates.find((certificate) => keysMatch(certificate.x509, privateKey));
    if (matching) return matching;
  }
  const issuesNothing = certificates.filter(
    (candidate) => !certificates.some((other) => other !== candidate && !isSelfSigned(other) && isIssuedBy(other, candidate)),
  );
  const endEntity = issuesNothing.find((certificate) => !certificateFields(certificate).decoded.basicConstraints?.ca);
  return endEntity ?? issuesNothing[0] ?? certificates[0];
}

/** Among several valid issuers (a re-issued CA with the same key), prefers one valid now, then the latest end date. */
function chooseIssuer(child: Certificate, candidates: Certificate[]): Certificate | undefined {
  const issuers = candidates.filter((candidate) => isIssuedBy(child, candidate));
  if (issuers.length <= 1) return issuers[0];
  const now = Date.now();
  const score = (certificate: Certificate): number => {
    const fields = certificateFields(certificate);
    const valid = fields.notBefore.getTime() <= now && now <= fields.notAfter.getTime();
    return (valid ? 1e15 : 0) + fields.notAfter.getTime();
  };
  return issuers.sort((left, right) => score(right) - score(left))[0];
}

function anchorFor(root: X509Certificate, der: Uint8Array, source: ChainAnchor['source']): ChainAnchor {
  const trust = rootTrust(root);
  const anchor: ChainAnchor = {
    subject: formatName(parseCertificateFields(der).subject),
    fingerprint256: root.fingerprint256,
    source,
    inNodeRootStore: trust.inNodeRootStore,
  };
  if (trust.knownRoot) anchor.knownRoot = trust.knownRoot;
  return anchor;
}

function missingIssuerOf(certificate: Certificate): MissingIssuer {
  const fields = certificateFields(certificate);
  const subject = formatName(fields.issuer);
  const missing: MissingIssuer = { subject };
  if (fields.decoded.authorityKeyIdentifier) missing.authorityKeyIdentifier = fields.decoded.authorityKeyIdentifier;
  const knownRoot = knownRootBySubject(subject);
  if (knownRoot) missing.knownRoot = knownRoot;
  return missing;
}
