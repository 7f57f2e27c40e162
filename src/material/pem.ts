import { AicoreMtlsError } from '../errors.ts';
import { privateKeyLabels, readPrivateKeyBlock, unsupportedPrivateKeyLabels } from '../keys/private-key.ts';
import { parsePem, type PemBlock } from '../text/pem.ts';
import type { TextRepair } from '../text/repair.ts';
import { certificateFromDer } from '../x509/certificate.ts';
import { readDer } from '../x509/der.ts';
import { pkcs7Certificates } from '../x509/pkcs7.ts';
import type { ReadContext } from './context.ts';
import type { Material } from './types.ts';

const certificateLabels = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

/** Labels that are read past with a warning: they are PEM, but not material for mTLS. */
const ignoredLabels: Record<string, string> = {
  'CERTIFICATE REQUEST': 'a certificate signing request',
  'NEW CERTIFICATE REQUEST': 'a certificate signing request',
  'PUBLIC KEY': 'a public key',
  'RSA PUBLIC KEY': 'a public key',
  'X509 CRL': 'a certificate revocation list',
  'EC PARAMETERS': 'EC curve parameters (written by "openssl ecparam" before the key)',
  'DH PARAMETERS': 'Diffie-Hellman parameters',
};

/** Reads every certificate and private key of a PEM text, in text order. */
export async function readPemMaterial(text: string, origin: string, repairs: TextRepair[], context: ReadContext): Promise<Material> {
  const { blocks } = parsePem(text, origin, repairs);
  const material: Material = { format: 'pem', certificates: [], privateKeys: [], repairs, warnings: [] };
  const ignored: string[] = [];

  for (const block of blocks) {
    if (certificateLabels.has(block.label)) {
      material.certificates.push(certificateFromDer(certificateDer(block, origin), origin));
    } else if (block.label === 'PKCS7') {
      material.certificates.push(...pkcs7FromBlock(block, origin).map((der) => certificateFromDer(der, origin)));
    } else if (block.label in privateKeyLabels) {
      const key = await readPrivateKeyBlock(block, { origin, passwords: context.passwords });
      material.privateKeys.push({ keyObject: key.keyObject, encoding: key.encoding, origin, ...(key.protection ? { protection: key.protection } : {}) });
      material.warnings.push(...key.warnings);
    } else if (block.label in unsupportedPrivateKeyLabels) {
      throw new AicoreMtlsError('ERR_KEY_UNSUPPORTED', `${origin}: PEM block ${block.position} is ${unsupportedPrivateKeyLabels[block.label]}`, {
        fix: 'Give the private key as PKCS#8 PEM ("BEGIN PRIVATE KEY" or "BEGIN ENCRYPTED PRIVATE KEY"), PKCS#1 or SEC1.',
        details: { origin, block: block.position, label: block.label },
      });
    } else {
      ignored.push(`PEM block ${block.position} ("${block.label}"), ${ignoredLabels[block.label] ?? 'a kind of PEM block this tool does not use'}`);
    }
  }

  if (material.certificates.length === 0 && material.privateKeys.length === 0) {
    const found = ignored.length > 0 ? `only ${ignored.join('; ')}` : 'no PEM blocks';
    throw new AicoreMtlsError('ERR_MATERIAL_EMPTY', `${origin} contains no certificate and no private key: ${found}`, {
      fix: 'Give the file with the certificate (BEGIN CERTIFICATE) or the private key (BEGIN PRIVATE KEY).',
      details: { origin, ignoredBlocks: ignored.length },
    });
  }
  for (const entry of ignored) material.warnings.push(`${origin}: ignored ${entry}`);
  return material;
}

/** `TRUSTED CERTIFICATE` (OpenSSL's format) appends trust settings after the certificate; only the first element is the certificate. */
function certificateDer(block: PemBlock, origin: string): Uint8Array {
  if (block.label !== 'TRUSTED CERTIFICATE') return block.der;
  try {
    return readDer(block.der, 0).encoded;
  } catch (error) {
    throw invalidBlock(block, origin, error);
  }
}

function pkcs7FromBlock(block: PemBlock, origin: string): Uint8Array[] {
  try {
    return pkcs7Certificates(block.der);
  } catch (error) {
    throw invalidBlock(block, origin, error);
  }
}

function invalidBlock(block: PemBlock, origin: string, cause: unknown): AicoreMtlsError {
  return new AicoreMtlsError('ERR_DER_INVALID', `${origin}: PEM block ${block.position} ("${block.label}") contains damaged data (${cause instanceof Error ? cause.message : String(cause)})`, {
    cause,
    fix: 'Copy or export the block again from its source.',
    details: { origin, block: block.position, label: block.label },
  });
}
