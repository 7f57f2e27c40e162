import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

import { bytesEqual, derChildren, readDer } from './der.ts';
import { knownRootByFingerprint, type KnownRoot } from './known-roots.ts';

/** Trust facts about a root certificate. */
export interface RootTrust {
  /** In Node's bundled root store (`tls.rootCertificates`, the Mozilla list Node ships). */
  inNodeRootStore: boolean;
  /** Set when the certificate is one of the SAP-relevant roots listed in known-roots.ts (matched by fingerprint). */
  knownRoot?: KnownRoot;
}

interface StoredRoot {
  der: Uint8Array;
  subjectDer: Uint8Array | undefined;
}

let stored: StoredRoot[] | undefined;
let storedBodies: Set<string> | undefined;

/** Base64 bodies of Node's bundled roots: comparing strings avoids decoding and hashing 144 certificates. */
function nodeRootBodies(): Set<string> {
  storedBodies ??= new Set(rootCertificates.map((pem) => pem.replace(/-----[^-]+-----|\s/g, '')));
  return storedBodies;
}

/** Node's bundled roots with their subject names, decoded on the first issuer lookup only. */
function nodeRoots(): StoredRoot[] {
  stored ??= rootCertificates.map((pem) => {
    const der = new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    return { der, subjectDer: subjectOf(der) };
  });
  return stored;
}

/** Returns whether Node's bundled store contains the certificate, and whether it is one of the listed SAP-relevant roots. */
export function rootTrust(certificate: X509Certificate): RootTrust {
  const trust: RootTrust = { inNodeRootStore: nodeRootBodies().has(certificate.raw.toString('base64')) };
  const knownRoot = knownRootByFingerprint(certificate.fingerprint256);
  if (knownRoot) trust.knownRoot = knownRoot;
  return trust;
}

/**
 * Finds the root in Node's bundled store that issued a certificate: same name and a valid
 * signature. Returns undefined when none did.
 */
export function findIssuerInNodeRootStore(certificate: X509Certificate, issuerDer: Uint8Array): X509Certificate | undefined {
  for (const root of nodeRoots()) {
    if (root.subjectDer === undefined || !bytesEqual(root.subjectDer, issuerDer)) continue;
    const candidate = new X509Certificate(root.der);
    if (certificate.checkIssued(candidate) && safeVerify(certificate, candidate)) return candidate;
  }
  return undefined;
}

function safeVerify(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Returns the encoded subject Name of a DER certificate without decoding the rest. */
function subjectOf(der: Uint8Array): Uint8Array | undefined {
  try {
    const [tbs] = derChildren(readDer(der));
    const parts = derChildren(tbs!);
    const offset = parts[0]?.tag === 0xa0 ? 1 : 0;
    return parts[offset + 4]?.encoded;
  } catch {
    return undefined;
  }
}
