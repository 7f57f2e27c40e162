import type { MacDigestName } from './mac.ts';
import { oid } from './oids.ts';
import type { Pkcs12AlgorithmReport, Pkcs12Profile } from './types.ts';

/*
 * Who reads the files each profile writes. "tested" rows run in test/pkcs12/writer.test.ts
 * (Node 20.20, OpenSSL 3.0.19, OpenJDK 17 keytool); the other rows are reports, not tests.
 *
 * | Consumer                                 | strust                 | modern                      | legacy-rc2                       |
 * |------------------------------------------|------------------------|-----------------------------|----------------------------------|
 * | Node 20 tls.createSecureContext({ pfx }) | yes (tested)           | yes (tested)                | no (tested): "Unsupported PKCS12 |
 * |                                          |                        |                             | PFX data" unless Node runs with  |
 * |                                          |                        |                             | --openssl-legacy-provider        |
 * | OpenSSL 3.0 `pkcs12 -info`               | yes (tested)           | yes (tested)                | only with -legacy (tested)       |
 * | Java keytool 17                          | yes (tested)           | yes (tested)                | yes (tested)                     |
 * | STRUST / sapgenpse (CommonCryptoLib)     | recommended: 3DES is   | older CommonCryptoLib and   | not established                  |
 * |                                          | what SAP community     | sapgenpse builds reportedly |                                  |
 * |                                          | scripts import         | cannot read PBES2/AES       |                                  |
 * | Older Windows (Server 2016 era), older   | reported to work       | reported to fail, often as  | reported to work                 |
 * | JDKs, appliances                         |                        | "invalid password"          |                                  |
 *
 * SAP does not document which PKCS#12 algorithms STRUST's "PSE → Import" accepts, nor the first
 * CommonCryptoLib release that reads PBES2/AES, so confirm the strust profile on the target
 * system. legacy-rc2 is weak (a 40-bit RC2 key protects the certificates) and exists only for
 * consumers that read nothing newer. Java keytool 17 rejects non-ASCII passwords in every
 * profile ("Password is not ASCII"), while OpenSSL and Node accept them.
 */

export const pkcs12Profiles: readonly Pkcs12Profile[] = ['strust', 'modern', 'legacy-rc2'];

/** One line per profile for CLI help: algorithms and the consumers it suits. */
export const pkcs12ProfileDescriptions: Record<Pkcs12Profile, string> = {
  strust:
    '3DES key and certificates, SHA-1 MAC: for STRUST and sapgenpse (SAP does not document which algorithms STRUST accepts); also read by Node, OpenSSL 3, Java keytool and (reportedly) older Windows',
  modern:
    'AES-256-CBC with PBKDF2-HMAC-SHA256, SHA-256 MAC (the OpenSSL 3 default): for Node, OpenSSL 3 and Java 17 keytool; older CommonCryptoLib, Windows and Java importers reject it',
  'legacy-rc2':
    'what "openssl pkcs12 -export -legacy" writes (RC2-40 certificates, 3DES key, SHA-1 MAC): weak; Node 17+ and OpenSSL 3 reject it without the legacy provider; only for old tools',
};

/** Encryption the writer applies to one part of the file. */
export type PartEncryption = { kind: 'pkcs12-pbe'; oid: string } | { kind: 'pbes2-aes-256-cbc-hmac-sha256' };

export interface ProfileDefinition {
  certificates: PartEncryption;
  key: PartEncryption;
  mac: MacDigestName;
  /** Bytes of random salt for the MAC and the key derivations. */
  saltLength: number;
  defaultIterations: number;
}

const tripleDes: PartEncryption = { kind: 'pkcs12-pbe', oid: oid.pbeWithSHAAnd3KeyTripleDESCBC };
const aes: PartEncryption = { kind: 'pbes2-aes-256-cbc-hmac-sha256' };

export const profileDefinitions: Record<Pkcs12Profile, ProfileDefinition> = {
  // 8-byte salts and 2048 iterations are what OpenSSL 3 writes.
  strust: { certificates: tripleDes, key: tripleDes, mac: 'SHA-1', saltLength: 8, defaultIterations: 2048 },
  // 10,000 iterations is the Java keytool 17 default (java.security keystore.pkcs12.*IterationCount),
  // five times OpenSSL 3's 2048, and every consumer of PBES2 files reads it.
  modern: { certificates: aes, key: aes, mac: 'SHA-256', saltLength: 16, defaultIterations: 10_000 },
  'legacy-rc2': {
    certificates: { kind: 'pkcs12-pbe', oid: oid.pbeWithSHAAnd40BitRC2CBC },
    key: tripleDes,
    mac: 'SHA-1',
    saltLength: 8,
    defaultIterations: 2048,
  },
};

/** Report names of the algorithms each profile uses, for matching a file that was read. */
const reportNames: Record<Pkcs12Profile, { certificates: string; key: string }> = {
  strust: { certificates: 'pbeWithSHAAnd3-KeyTripleDES-CBC', key: 'pbeWithSHAAnd3-KeyTripleDES-CBC' },
  modern: { certificates: 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC', key: 'PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC' },
  'legacy-rc2': { certificates: 'pbeWithSHAAnd40BitRC2-CBC', key: 'pbeWithSHAAnd3-KeyTripleDES-CBC' },
};

/**
 * Returns the profile whose algorithms a file uses exactly: the MAC digest, the encryption of
 * every certificate safe and of every key bag. Plain safes that only wrap shrouded key bags are
 * allowed, as every profile writes one. Iteration counts and salt lengths are not compared.
 */
export function matchProfile(report: Pkcs12AlgorithmReport): Pkcs12Profile | undefined {
  if (report.mac === null || report.encryptions.length === 0) return undefined;
  return pkcs12Profiles.find((profile) => {
    const names = reportNames[profile];
    if (report.mac!.digest !== profileDefinitions[profile].mac) return false;
    return report.encryptions.every((entry) => {
      if (entry.part === 'certificates') return entry.algorithm === names.certificates;
      if (entry.part === 'key') return entry.algorithm === names.key;
      return entry.algorithm === 'none';
    });
  });
}
