/**
 * The one reader for every certificate input: PEM (any mix and order of certificates and keys),
 * DER, headerless base64 of DER, PKCS#12, Destination service certificate objects and service
 * keys. The format is decided from the bytes, never from a file name. Every change made to the
 * text to read it is reported as a TextRepair.
 */
import { noPassword } from '../password.ts';
import { readBytes } from './read-bytes.ts';
import { readInput } from './read-input.ts';
import type { Material, MaterialSource, ReadMaterialOptions } from './types.ts';

export type {
  Certificate,
  Material,
  MaterialFormat,
  MaterialSource,
  Pkcs12AlgorithmReport,
  PrivateKey,
  ReadMaterialOptions,
  TextRepair,
} from './types.ts';

/**
 * Reads certificates and private keys from bytes. Asks `options.passwords` only for encrypted
 * content. Every failure is an AicoreMtlsError with a stable code (ERR_PEM_*, ERR_DER_INVALID,
 * ERR_CERTIFICATE_INVALID, ERR_KEY_*, ERR_PASSWORD_MISSING, ERR_PASSWORD_INCORRECT,
 * ERR_PKCS12_*, ERR_JSON_*, ERR_MATERIAL_*).
 */
export async function readMaterial(source: MaterialSource, options: ReadMaterialOptions = {}): Promise<Material> {
  return readBytes(source.bytes, source.origin, { passwords: options.passwords ?? noPassword, depth: 0 });
}

/** Reads a file, or stdin when `path` is `-`. */
export async function readMaterialFile(path: string, options: ReadMaterialOptions = {}): Promise<Material> {
  const source = await readInput(path);
  return readMaterial(source, options);
}
