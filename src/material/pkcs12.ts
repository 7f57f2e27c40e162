import { certificateFromDer } from '../x509/certificate.ts';
import type { ReadContext } from './context.ts';
import type { Material } from './types.ts';

/**
 * Reads a PKCS#12 file through the PKCS#12 module, which is imported here on first use because
 * its ASN.1 schemas cost tens of milliseconds to load.
 */
export async function readPkcs12Material(bytes: Uint8Array, origin: string, context: ReadContext): Promise<Material> {
  const { readPkcs12 } = await import('../pkcs12/index.ts');
  const contents = await readPkcs12(bytes, context.passwords, { source: origin });
  return {
    format: 'pkcs12',
    certificates: contents.certificates.map((entry) => certificateFromDer(entry.der, origin)),
    privateKeys: contents.keys.map((entry) => ({ keyObject: entry.privateKey, encoding: 'pkcs12' as const, origin })),
    repairs: [],
    warnings: [...contents.warnings],
    pkcs12: contents.algorithms,
  };
}
