import type { KeyObject } from 'node:crypto';

import { AicoreMtlsError } from '../errors.ts';
import { keysMatch } from '../keys/match.ts';
import { publicKeyFingerprint } from '../keys/public-key.ts';
import { fixedPassword } from '../password.ts';
import type { Pkcs12Profile } from '../pkcs12/types.ts';
import { certificateFields, type Certificate } from '../x509/certificate.ts';
import { buildChain, type CertificateChain } from '../x509/chain.ts';
import { formatName, nameAttribute } from '../x509/name.ts';
import { readMaterial } from './index.ts';
import type { Material, PrivateKey } from './types.ts';

/** Content of an output bundle: the leaf's key and the chain from leaf to root. */
export interface BundlePlan {
  privateKey?: PrivateKey;
  /** Leaf first, root last. */
  certificates: Certificate[];
  chain: CertificateChain;
  /** Input certificates and keys left out, as sentences for the user. */
  omitted: string[];
}

/**
 * Chooses the content of a canonical bundle: the private key that matches a certificate, and
 * that certificate's chain in leaf-to-root order. Certificates off the chain and other keys are
 * left out and listed in `omitted`. Throws ERR_KEY_MISMATCH when keys are present but none
 * matches any certificate, because such a bundle cannot work anywhere.
 */
export function planBundle(material: Material, extraKeys: PrivateKey[] = []): BundlePlan {
  const keys = [...material.privateKeys, ...extraKeys];
  const privateKey = keys.find((key) => material.certificates.some((certificate) => keysMatch(certificate.x509, key.keyObject)));
  if (keys.length > 0 && material.certificates.length > 0 && privateKey === undefined) {
    const leafFingerprint = publicKeyFingerprint(material.certificates[0]!.x509);
    throw new AicoreMtlsError('ERR_KEY_MISMATCH', `none of the ${keys.length} private key${keys.length === 1 ? '' : 's'} matches any of the ${material.certificates.length} certificate${material.certificates.length === 1 ? '' : 's'}`, {
      fix: 'Give the private key that belongs to the certificate; compare fingerprints with "aicore-mtls cert match CERT KEY".',
      details: {
        certificatePublicKeyFingerprint256: leafFingerprint,
        privateKeyPublicKeyFingerprints256: keys.map((key) => publicKeyFingerprint(key.keyObject)),
      },
    });
  }

  const chain = buildChain(material.certificates, privateKey ? { privateKey: privateKey.keyObject } : {});
  const omitted = chain.unused.map((certificate) => `certificate "${formatName(certificateFields(certificate).subject)}" (not on the chain of the leaf)`);
  for (const key of keys) {
    if (key !== privateKey && keys.length > 1) omitted.push(`a private key from ${key.origin} (it does not belong to the leaf)`);
  }
  const plan: BundlePlan = { certificates: chain.path, chain, omitted };
  if (privateKey) plan.privateKey = privateKey;
  return plan;
}

/**
 * Encodes a PEM bundle: the key first (encrypted PKCS#8 with AES-256-CBC when `keyPassword` is
 * given, else unencrypted PKCS#8), then the certificates leaf to root. LF line endings only.
 */
export function encodePemBundle(plan: BundlePlan, keyPassword: string | undefined): string {
  const parts: string[] = [];
  if (plan.privateKey) parts.push(exportKeyPem(plan.privateKey.keyObject, keyPassword));
  for (const certificate of plan.certificates) parts.push(certificate.pem);
  return parts.join('');
}

export interface Pkcs12BundleOptions {
  password: string;
  profile: Pkcs12Profile;
  friendlyName?: string;
}

/** Encodes a PKCS#12 file in the given profile; the friendly name defaults to the leaf's common name. */
export async function encodePkcs12Bundle(plan: BundlePlan, options: Pkcs12BundleOptions): Promise<Uint8Array> {
  const { writePkcs12 } = await import('../pkcs12/index.ts');
  const leaf = plan.certificates[0];
  const friendlyName = options.friendlyName ?? (leaf ? nameAttribute(certificateFields(leaf).subject, 'CN') : undefined);
  return writePkcs12({
    ...(plan.privateKey ? { privateKey: plan.privateKey.keyObject } : {}),
    certificates: plan.certificates.map((certificate) => certificate.der),
    ...(friendlyName !== undefined ? { friendlyName } : {}),
    password: options.password,
    profile: options.profile,
  });
}

/**
 * Reads written bytes back with the material reader and checks that they hold exactly the
 * planned certificates (same DER, same order) and the same private key. Throws
 * ERR_BUNDLE_VERIFY_FAILED otherwise.
 */
export async function verifyBundle(bytes: Uint8Array, origin: string, plan: BundlePlan, password: string | undefined): Promise<Material> {
  const material = await readMaterial({ bytes, origin }, { passwords: fixedPassword(password) });
  const expected = plan.certificates.map((certificate) => certificate.x509.fingerprint256);
  const actual = material.certificates.map((certificate) => certificate.x509.fingerprint256);
  if (expected.length !== actual.length || expected.some((fingerprint, index) => fingerprint !== actual[index])) {
    throw verifyFailed(origin, `it contains ${actual.length} certificates where ${expected.length} were written, or in another order`);
  }
  const expectedKeys = plan.privateKey ? 1 : 0;
  if (material.privateKeys.length !== expectedKeys) {
    throw verifyFailed(origin, `it contains ${material.privateKeys.length} private keys where ${expectedKeys} was written`);
  }
  if (plan.privateKey && !sameKey(plan.privateKey.keyObject, material.privateKeys[0]!.keyObject)) {
    throw verifyFailed(origin, 'the private key read back differs from the one written');
  }
  return material;
}

function exportKeyPem(key: KeyObject, password: string | undefined): string {
  const pem =
    password === undefined
      ? key.export({ type: 'pkcs8', format: 'pem' })
      : key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password });
  return pem.toString().replace(/\r\n/g, '\n');
}

function sameKey(left: KeyObject, right: KeyObject): boolean {
  return left.export({ type: 'pkcs8', format: 'der' }).equals(right.export({ type: 'pkcs8', format: 'der' }));
}

function verifyFailed(origin: string, problem: string): AicoreMtlsError {
  return new AicoreMtlsError('ERR_BUNDLE_VERIFY_FAILED', `${origin}: reading the written data back failed the check: ${problem}`, {
    fix: 'This is a bug in aicore-mtls; run again with --debug and report it. The output file was not kept.',
    details: { origin },
  });
}
