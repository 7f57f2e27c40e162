/**
 * RC2 block cipher (RFC 2268) with the effective-key-bits parameter, in CBC mode with PKCS#7
 * padding. Node's OpenSSL 3 offers RC2 only through the legacy provider, which Node 17 and later
 * do not load by default, so the PKCS#12 reader carries its own implementation.
 */

/** PITABLE of RFC 2268 section 2, a permutation of 0..255 derived from the digits of pi. */
// prettier-ignore
const piTable = Uint8Array.from([
  0xd9, 0x78, 0xf9, 0xc4, 0x19, 0xdd, 0xb5, 0xed, 0x28, 0xe9, 0xfd, 0x79, 0x4a, 0xa0, 0xd8, 0x9d,
  0xc6, 0x7e, 0x37, 0x83, 0x2b, 0x76, 0x53, 0x8e, 0x62, 0x4c, 0x64, 0x88, 0x44, 0x8b, 0xfb, 0xa2,
  0x17, 0x9a, 0x59, 0xf5, 0x87, 0xb3, 0x4f, 0x13, 0x61, 0x45, 0x6d, 0x8d, 0x09, 0x81, 0x7d, 0x32,
  0xbd, 0x8f, 0x40, 0xeb, 0x86, 0xb7, 0x7b, 0x0b, 0xf0, 0x95, 0x21, 0x22, 0x5c, 0x6b, 0x4e, 0x82,
  0x54, 0xd6, 0x65, 0x93, 0xce, 0x60, 0xb2, 0x1c, 0x73, 0x56, 0xc0, 0x14, 0xa7, 0x8c, 0xf1, 0xdc,
  0x12, 0x75, 0xca, 0x1f, 0x3b, 0xbe, 0xe4, 0xd1, 0x42, 0x3d, 0xd4, 0x30, 0xa3, 0x3c, 0xb6, 0x26,
  0x6f, 0xbf, 0x0e, 0xda, 0x46, 0x69, 0x07, 0x57, 0x27, 0xf2, 0x1d, 0x9b, 0xbc, 0x94, 0x43, 0x03,
  0xf8, 0x11, 0xc7, 0xf6, 0x90, 0xef, 0x3e, 0xe7, 0x06, 0xc3, 0xd5, 0x2f, 0xc8, 0x66, 0x1e, 0xd7,
  0x08, 0xe8, 0xea, 0xde, 0x80, 0x52, 0xee, 0xf7, 0x84, 0xaa, 0x72, 0xac, 0x35, 0x4d, 0x6a, 0x2a,
  0x96, 0x1a, 0xd2, 0x71, 0x5a, 0x15, 0x49, 0x74, 0x4b, 0x9f, 0xd0, 0x5e, 0x04, 0x18, 0xa4, 0xec,
  0xc2, 0xe0, 0x41, 0x6e, 0x0f, 0x51, 0xcb, 0xcc, 0x24, 0x91, 0xaf, 0x50, 0xa1, 0xf4, 0x70, 0x39,
  0x99, 0x7c, 0x3a, 0x85, 0x23, 0xb8, 0xb4, 0x7a, 0xfc, 0x02, 0x36, 0x5b, 0x25, 0x55, 0x97, 0x31,
  0x2d, 0x5d, 0xfa, 0x98, 0xe3, 0x8a, 0x92, 0xae, 0x05, 0xdf, 0x29, 0x10, 0x67, 0x6c, 0xba, 0xc9,
  0xd3, 0x00, 0xe6, 0xcf, 0xe1, 0x9e, 0xa8, 0x2c, 0x63, 0x16, 0x01, 0x3f, 0x58, 0xe2, 0x89, 0xa9,
  0x0d, 0x38, 0x34, 0x1b, 0xab, 0x33, 0xff, 0xb0, 0xbb, 0x48, 0x0c, 0x5f, 0xb9, 0xb1, 0xcd, 0x2e,
  0xc5, 0xf3, 0xdb, 0x47, 0xe5, 0xa5, 0x9c, 0x77, 0x0a, 0xa6, 0x20, 0x68, 0xfe, 0x7f, 0xc1, 0xad,
]);

const blockSize = 8;
const rotations = [1, 2, 3, 5] as const;

/** Thrown when the CBC padding is invalid, which with a password-derived key means a wrong key. */
export class Rc2PaddingError extends Error {
  constructor() {
    super('RC2 decryption produced invalid padding');
    this.name = 'Rc2PaddingError';
  }
}

/** RC2 with an expanded key of 64 16-bit words. */
export class Rc2 {
  private readonly expandedKey: Uint16Array;

  /**
   * @param key 1 to 128 bytes
   * @param effectiveBits effective key length T1 in bits, 1 to 1024 (40 for RC2-40, 128 for RC2-128)
   */
  constructor(key: Uint8Array, effectiveBits: number) {
    if (key.length < 1 || key.length > 128) throw new RangeError(`RC2 key length ${key.length} is not between 1 and 128 bytes`);
    if (!Number.isInteger(effectiveBits) || effectiveBits < 1 || effectiveBits > 1024) {
      throw new RangeError(`RC2 effective key bits ${effectiveBits} is not between 1 and 1024`);
    }
    this.expandedKey = expandKey(key, effectiveBits);
  }

  encryptBlock(block: Uint8Array, offset = 0): void {
    const words = readWords(block, offset);
    const key = this.expandedKey;
    let next = 0;
    for (let round = 0; round < 16; round++) {
      for (let index = 0; index < 4; index++) {
        const sum =
          words[index]! + key[next++]! + (words[(index + 3) % 4]! & words[(index + 2) % 4]!) + (~words[(index + 3) % 4]! & words[(index + 1) % 4]!);
        words[index] = rotateLeft(sum & 0xffff, rotations[index]!);
      }
      // Mashing rounds follow the 5th and the 11th mixing round.
      if (round === 4 || round === 10) {
        for (let index = 0; index < 4; index++) words[index] = (words[index]! + key[words[(index + 3) % 4]! & 63]!) & 0xffff;
      }
    }
    writeWords(words, block, offset);
  }

  decryptBlock(block: Uint8Array, offset = 0): void {
    const words = readWords(block, offset);
    const key = this.expandedKey;
    let next = 63;
    for (let round = 15; round >= 0; round--) {
      for (let index = 3; index >= 0; index--) {
        const rotated = rotateRight(words[index]!, rotations[index]!);
        const subtrahend = key[next--]! + (words[(index + 3) % 4]! & words[(index + 2) % 4]!) + (~words[(index + 3) % 4]! & words[(index + 1) % 4]!);
        words[index] = (rotated - subtrahend) & 0xffff;
      }
      if (round === 5 || round === 11) {
        for (let index = 3; index >= 0; index--) words[index] = (words[index]! - key[words[(index + 3) % 4]! & 63]!) & 0xffff;
      }
    }
    writeWords(words, block, offset);
  }
}

/** Encrypts with RC2-CBC and PKCS#7 padding. */
export function rc2CbcEncrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, plaintext: Uint8Array): Buffer {
  checkIv(iv);
  const cipher = new Rc2(key, effectiveBits);
  const padding = blockSize - (plaintext.length % blockSize);
  const output = Buffer.alloc(plaintext.length + padding, padding);
  output.set(plaintext);
  let previous: Uint8Array = iv;
  for (let offset = 0; offset < output.length; offset += blockSize) {
    for (let index = 0; index < blockSize; index++) output[offset + index]! ^= previous[index]!;
    cipher.encryptBlock(output, offset);
    previous = output.subarray(offset, offset + blockSize);
  }
  return output;
}

/** Decrypts RC2-CBC and removes PKCS#7 padding; throws Rc2PaddingError when the padding is invalid. */
export function rc2CbcDecrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  checkIv(iv);
  if (ciphertext.length === 0 || ciphertext.length % blockSize !== 0) throw new Rc2PaddingError();
  const cipher = new Rc2(key, effectiveBits);
  const output = Buffer.from(ciphertext);
  for (let offset = output.length - blockSize; offset >= 0; offset -= blockSize) {
    cipher.decryptBlock(output, offset);
    const previous = offset === 0 ? iv : ciphertext.subarray(offset - blockSize, offset);
    for (let index = 0; index < blockSize; index++) output[offset + index]! ^= previous[index]!;
  }
  const padding = output[output.length - 1]!;
  if (padding < 1 || padding > blockSize) throw new Rc2PaddingError();
  for (let index = output.length - padding; index < output.length; index++) {
    if (output[index] !== padding) throw new Rc2PaddingError();
  }
  return output.subarray(0, output.length - padding);
}

/** Key expansion of RFC 2268 section 2. */
function expandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  const bytes = new Uint8Array(128);
  bytes.set(key);
  for (let index = key.length; index < 128; index++) {
    bytes[index] = piTable[(bytes[index - 1]! + bytes[index - key.length]!) & 0xff]!;
  }
  const effectiveBytes = Math.ceil(effectiveBits / 8);
  const mask = 0xff >> (8 * effectiveBytes - effectiveBits);
  bytes[128 - effectiveBytes] = piTable[bytes[128 - effectiveBytes]! & mask]!;
  for (let index = 127 - effectiveBytes; index >= 0; index--) {
    bytes[index] = piTable[bytes[index + 1]! ^ bytes[index + effectiveBytes]!]!;
  }
  const words = new Uint16Array(64);
  for (let index = 0; index < 64; index++) words[index] = bytes[2 * index]! | (bytes[2 * index + 1]! << 8);
  return words;
}

function readWords(block: Uint8Array, offset: number): number[] {
  const words: number[] = [];
  for (let index = 0; index < 4; index++) words.push(block[offset + 2 * index]! | (block[offset + 2 * index + 1]! << 8));
  return words;
}

function writeWords(words: number[], block: Uint8Array, offset: number): void {
  for (let index = 0; index < 4; index++) {
    block[offset + 2 * index] = words[index]! & 0xff;
    block[offset + 2 * index + 1] = words[index]! >>> 8;
  }
}

function rotateLeft(word: number, shift: number): number {
  return ((word << shift) | (word >>> (16 - shift))) & 0xffff;
}

function rotateRight(word: number, shift: number): number {
  return ((word >>> shift) | (word << (16 - shift))) & 0xffff;
}

function checkIv(iv: Uint8Array): void {
  if (iv.length !== blockSize) throw new RangeError(`RC2-CBC needs an 8-byte IV, got ${iv.length} bytes`);
}
