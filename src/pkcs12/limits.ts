import { Pkcs12IterationLimitError } from './errors.ts';

/**
 * Highest iteration count accepted for one key derivation. By default OpenSSL 3 writes 2048
 * and Java keytool 17 writes 10,000. The PKCS#12 KDF runs one digest per
 * iteration and output block in JavaScript: about 0.7 µs for SHA-1 and 1 µs for SHA-512 on a
 * 2-core AMD EPYC VM, so 10,000,000 iterations cost about 7 s per block there.
 */
export const maxIterations = 10_000_000;

/**
 * Highest sum of iteration counts one read may spend, across the MAC, every bag and every
 * password encoding tried, so that a file with many bags cannot multiply the work.
 * NOTE: a hostile file can still spend up to this budget, which is about a minute of CPU for 3DES bags.
 */
export const maxTotalIterations = 50_000_000;

/** Counts the key-derivation work of one read against maxTotalIterations. */
export class WorkBudget {
  private spent = 0;

  constructor(private readonly source: string | undefined) {}

  /** Checks a count taken from the file before any work is done with it. */
  checkCount(iterations: number, what: string): void {
    if (iterations > maxIterations) throw new Pkcs12IterationLimitError(this.source, what, iterations, maxIterations);
  }

  charge(iterations: number, what: string): void {
    this.checkCount(iterations, what);
    this.spent += iterations;
    if (this.spent > maxTotalIterations) {
      throw new Pkcs12IterationLimitError(this.source, `${what} (total over all parts of the file)`, this.spent, maxTotalIterations);
    }
  }
}
