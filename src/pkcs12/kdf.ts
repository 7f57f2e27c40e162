import { hash } from 'node:crypto';

/** Digests the PKCS#12 KDF is defined for here, with Node's names. */
export type Pkcs12KdfDigest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Purpose byte of RFC 7292 Appendix B.3: 1 = cipher key, 2 = IV, 3 = MAC key. */
export type Pkcs12KdfPurpose = 1 | 2 | 3;

/** Output length u and block length v of each digest, in bytes (v is 128 for the SHA-512 family). */
const sizes: Record<Pkcs12KdfDigest, { u: number; v: number }> = {
  sha1: { u: 20, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

/** Returns the output length of a digest in bytes, which is also the MAC key length. */
export function digestLength(digest: Pkcs12KdfDigest): number {
  return sizes[digest].u;
}

/**
 * Derives `length` bytes with the PKCS#12 key derivation function (RFC 7292 Appendix B.2).
 * `password` is already encoded (see bmpPassword); `iterations` must be checked by the caller,
 * because the loop runs `iterations` digests per output block in JavaScript.
 */
export function pkcs12Kdf(
  digest: Pkcs12KdfDigest,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  purpose: Pkcs12KdfPurpose,
  length: number,
): Buffer {
  const { u, v } = sizes[digest];
  const diversifier = Buffer.alloc(v, purpose);
  const input = Buffer.concat([repeatToBlocks(salt, v), repeatToBlocks(password, v)]);
  const output = Buffer.alloc(Math.ceil(length / u) * u);

  for (let offset = 0; offset < length; offset += u) {
    let block = hash(digest, Buffer.concat([diversifier, input]), 'buffer');
    for (let round = 1; round < iterations; round++) block = hash(digest, block, 'buffer');
    block.copy(output, offset);
    if (offset + u >= length) break;

    // Step 6C: I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block I_j of I, B = A repeated to v bytes.
    const addend = repeatToLength(block, v);
    for (let start = 0; start < input.length; start += v) {
      let carry = 1;
      for (let index = v - 1; index >= 0; index--) {
        const sum = input[start + index]! + addend[index]! + carry;
        input[start + index] = sum & 0xff;
        carry = sum >>> 8;
      }
    }
  }
  return output.subarray(0, length);
}

/** Concatenates copies of `value` to the next multiple of `blockLength` (empty stays empty). */
function repeatToBlocks(value: Uint8Array, blockLength: number): Buffer {
  return repeatToLength(value, blockLength * Math.ceil(value.length / blockLength));
}

function repeatToLength(value: Uint8Array, length: number): Buffer {
  const result = Buffer.alloc(length);
  for (let offset = 0; offset < length; offset += value.length) {
    result.set(value.subarray(0, Math.min(value.length, length - offset)), offset);
  }
  return result;
}
