import type { ParsedCertificate } from './parsed-certificate.ts';

export type ChainResult =
  | { ok: true; path: ParsedCertificate[]; anchor: ParsedCertificate }
  | { ok: false; reason: string };

const maxDepth = 8;

/**
 * Builds and checks the path from `presented[0]` (the leaf) to one of `anchors`, using only
 * the presented certificates as intermediates. Signatures, CA flags and validity (against
 * `now`, the sandbox clock) are checked for every certificate on the path, anchor included.
 * The reasons name DNs and dates so a failure can be diagnosed from the log alone.
 */
export function verifyChain(presented: ParsedCertificate[], anchors: ParsedCertificate[], now: Date): ChainResult {
  const leaf = presented[0];
  if (leaf === undefined) return { ok: false, reason: 'no certificate was presented' };
  const anchorHashes = new Set(anchors.map((anchor) => anchor.sha256));
  const path: ParsedCertificate[] = [];
  let current = leaf;

  for (let depth = 0; depth < maxDepth; depth++) {
    const invalid = validityProblem(current, now, depth === 0 ? 'the client certificate' : `the CA certificate "${current.subject}"`);
    if (invalid !== undefined) return { ok: false, reason: invalid };
    if (depth > 0 && !current.isCa) {
      return { ok: false, reason: `"${current.subject}" is used as an issuer but is not a CA certificate` };
    }
    path.push(current);
    if (anchorHashes.has(current.sha256)) return { ok: true, path, anchor: current };

    const issuer = findIssuer(current, anchors) ?? findIssuer(current, presented.filter((candidate) => !path.includes(candidate)));
    if (issuer === undefined) {
      const selfSigned = current.subjectDer === current.issuerDer && current.node.verify(current.node.publicKey);
      if (selfSigned) {
        return { ok: false, reason: `the chain ends at the root CA "${current.subject}", which is not a trusted CA` };
      }
      return {
        ok: false,
        reason: `the issuer "${current.issuer}" of "${current.subject}" was not presented and is not a trusted CA; present the leaf certificate together with its intermediate CA certificates`,
      };
    }
    current = issuer;
  }
  return { ok: false, reason: `the certificate chain is longer than ${maxDepth} certificates` };
}

function findIssuer(certificate: ParsedCertificate, candidates: ParsedCertificate[]): ParsedCertificate | undefined {
  return candidates.find(
    (candidate) =>
      candidate.sha256 !== certificate.sha256 &&
      candidate.subjectDer === certificate.issuerDer &&
      certificate.node.verify(candidate.node.publicKey),
  );
}

function validityProblem(certificate: ParsedCertificate, now: Date, label: string): string | undefined {
  if (now < certificate.notBefore) {
    return `${label} is not valid before ${certificate.notBefore.toISOString()} (sandbox time ${now.toISOString()})`;
  }
  if (now > certificate.notAfter) {
    return `${label} expired on ${certificate.notAfter.toISOString()} (sandbox time ${now.toISOString()})`;
  }
  return undefined;
}
