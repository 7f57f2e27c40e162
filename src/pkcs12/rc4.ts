/**
 * RC4 stream cipher, for the pbeWithSHAAnd128BitRC4 and pbeWithSHAAnd40BitRC4 schemes of
 * RFC 7292. Node's OpenSSL 3 has RC4 only in the legacy provider. RC4 is broken; this exists
 * so that old files can be read and re-exported, never to write new ones.
 */
export function rc4(key: Uint8Array, input: Uint8Array): Buffer {
  if (key.length < 1 || key.length > 256) throw new RangeError(`RC4 key length ${key.length} is not between 1 and 256 bytes`);
  const state = new Uint8Array(256);
  for (let index = 0; index < 256; index++) state[index] = index;
  for (let index = 0, swap = 0; index < 256; index++) {
    swap = (swap + state[index]! + key[index % key.length]!) & 0xff;
    [state[index], state[swap]] = [state[swap]!, state[index]!];
  }

  const output = Buffer.alloc(input.length);
  for (let position = 0, i = 0, j = 0; position < input.length; position++) {
    i = (i + 1) & 0xff;
    j = (j + state[i]!) & 0xff;
    [state[i], state[j]] = [state[j]!, state[i]!];
    output[position] = input[position]! ^ state[(state[i]! + state[j]!) & 0xff]!;
  }
  return output;
}
