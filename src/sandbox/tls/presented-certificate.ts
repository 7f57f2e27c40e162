import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';

import { parseCertificateDer, type ParsedCertificate } from './parsed-certificate.ts';

/** The certificate chain a TLS client presented, leaf first. */
export interface PresentedCertificate {
  leaf: ParsedCertificate;
  chain: ParsedCertificate[];
}

/**
 * Reads the client certificate chain from a server-side TLS socket; undefined when the client
 * presented none. Node links the chain through `issuerCertificate`; a self-signed certificate
 * links to itself, which ends the walk.
 */
export function presentedCertificate(socket: TLSSocket): PresentedCertificate | undefined {
  // Without a client certificate Node returns an empty object.
  const peer = socket.getPeerCertificate(true) as Partial<DetailedPeerCertificate>;
  if (peer.raw === undefined) return undefined;

  const chain: ParsedCertificate[] = [];
  const seen = new Set<string>();
  let current: Partial<DetailedPeerCertificate> | undefined = peer;
  while (current?.raw !== undefined && chain.length < 10) {
    const parsed = parseCertificateDer(current.raw);
    if (seen.has(parsed.sha256)) break;
    seen.add(parsed.sha256);
    chain.push(parsed);
    current = current.issuerCertificate;
  }
  return { leaf: chain[0]!, chain };
}
