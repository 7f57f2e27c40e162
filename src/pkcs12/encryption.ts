import type { BerReader, Element } from './ber.ts';
import { Pkcs12UnsupportedAlgorithmError } from './errors.ts';
import type { WorkBudget } from './limits.ts';
import { describeOid, oid } from './oids.ts';
import type { PasswordEncoding } from './password-encoding.ts';
import { parsePbes2Parameters, pbes2Decrypt, pbes2Name } from './pbes2.ts';
import { pkcs12PbeCiphers, pkcs12PbeDecrypt } from './pkcs12-pbe.ts';

/** Iteration counts below this are reported as weak. OpenSSL 3 writes 2048 by default. */
export const weakIterationCount = 1000;

/** A parsed encryption AlgorithmIdentifier of an encrypted safe or a shrouded key bag. */
export interface EncryptionScheme {
  /** Report name, for example "pbeWithSHAAnd3-KeyTripleDES-CBC" or "PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC". */
  name: string;
  oid: string;
  iterations: number;
  /** Reason the protection is weak, when it is. */
  weakness?: string;
  /** True when OpenSSL 3 and Node 17+ reject the scheme unless the legacy provider is loaded. */
  needsLegacyProvider: boolean;
  /** Decrypts; throws DecryptionFailedError when the padding shows a wrong key. */
  decrypt(password: PasswordEncoding, ciphertext: Uint8Array): Buffer;
}

/**
 * Parses an AlgorithmIdentifier into a decryptor. Unknown algorithms raise
 * Pkcs12UnsupportedAlgorithmError before any password is requested.
 */
export function parseEncryptionScheme(reader: BerReader, algorithm: Element | undefined, what: string, budget: WorkBudget): EncryptionScheme {
  const [oidElement, parameters] = reader.sequence(algorithm, `${what} encryption algorithm`, 1, 2);
  const algorithmOid = reader.oid(oidElement, `${what} encryption algorithm`);

  const pbe = pkcs12PbeCiphers.get(algorithmOid);
  if (pbe !== undefined) {
    const [saltElement, iterationsElement] = reader.sequence(parameters, `${what} ${pbe.name} parameters`, 2, 2);
    const salt = reader.octetString(saltElement, `${what} salt`);
    const iterations = reader.integer(iterationsElement, `${what} iteration count`, 1, Number.MAX_SAFE_INTEGER);
    budget.checkCount(iterations, what);
    return {
      name: pbe.name,
      oid: algorithmOid,
      iterations,
      weakness: combineWeakness(pbe.weakness, iterations),
      needsLegacyProvider: pbe.needsLegacyProvider,
      decrypt(password, ciphertext) {
        budget.charge(iterations, what);
        return pkcs12PbeDecrypt(pbe, password.bmp, salt, iterations, ciphertext);
      },
    };
  }

  if (algorithmOid === oid.pbes2) {
    const pbes2 = parsePbes2Parameters(reader, parameters, what);
    budget.checkCount(pbes2.iterations, what);
    return {
      name: pbes2Name(pbes2),
      oid: algorithmOid,
      iterations: pbes2.iterations,
      weakness: combineWeakness(undefined, pbes2.iterations),
      needsLegacyProvider: false,
      decrypt(password, ciphertext) {
        budget.charge(pbes2.iterations, what);
        return pbes2Decrypt(pbes2, password.utf8, ciphertext);
      },
    };
  }

  throw new Pkcs12UnsupportedAlgorithmError(reader.source, `${describeOid(algorithmOid)} to encrypt ${what}`, algorithmOid);
}

function combineWeakness(algorithmWeakness: string | undefined, iterations: number): string | undefined {
  const reasons: string[] = [];
  if (algorithmWeakness !== undefined) reasons.push(algorithmWeakness);
  if (iterations < weakIterationCount) reasons.push(`${iterations} key-derivation iterations make password guessing cheap`);
  return reasons.length === 0 ? undefined : reasons.join('; ');
}
