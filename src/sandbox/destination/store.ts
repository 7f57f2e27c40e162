import { createHash } from 'node:crypto';

import type { SandboxCore } from '../core.ts';
import type { StoredCertificate } from './model.ts';

/** `subaccountCertificates` or `instanceCertificates`, the `{L}` of the certificate API paths. */
export type CertificateLevel = 'subaccountCertificates' | 'instanceCertificates';

/** Quoted strong ETag over the content and modification time. */
export function etagOf(certificate: Pick<StoredCertificate, 'contentBase64' | 'modificationTime'>): string {
  const hash = createHash('sha256').update(certificate.contentBase64).update(String(certificate.modificationTime)).digest('hex');
  return `"${hash.slice(0, 40)}"`;
}

/**
 * Returns the certificate store a request addresses: the subaccount's, or the store of the instance
 * whose client the token belongs to.
 */
export function storeFor(core: SandboxCore, level: CertificateLevel, serviceInstanceId: string): StoredCertificate[] {
  if (level === 'subaccountCertificates') return core.state.destination.subaccount;
  const stores = core.state.destination.instances;
  stores[serviceInstanceId] ??= [];
  return stores[serviceInstanceId];
}

export type MetadataField = 'modification_time' | 'etag' | 'shared_with_subscriber' | 'labels';
export const metadataFields: MetadataField[] = ['modification_time', 'etag', 'shared_with_subscriber', 'labels'];

export function metadataOf(certificate: StoredCertificate, fields: MetadataField[]): Record<string, unknown> {
  const all: Record<MetadataField, unknown> = {
    modification_time: String(certificate.modificationTime),
    etag: certificate.etag,
    shared_with_subscriber: certificate.sharedWithSubscriber,
    labels: certificate.labels,
  };
  const metadata: Record<string, unknown> = {};
  for (const field of fields) metadata[field] = all[field];
  return metadata;
}

/** Builds the `Certificate` object of the API, optionally with `$metadata`. */
export function certificateObject(certificate: StoredCertificate, metadata?: MetadataField[]): Record<string, unknown> {
  const object: Record<string, unknown> = { Name: certificate.Name, Type: certificate.Type, Content: certificate.contentBase64 };
  if (metadata !== undefined && metadata.length > 0) object['$metadata'] = metadataOf(certificate, metadata);
  return object;
}
