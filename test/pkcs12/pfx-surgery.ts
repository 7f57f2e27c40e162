import * as asn1js from 'asn1js';

import { computeMac, macDigests } from '../../src/pkcs12/mac.ts';

/**
 * Edits PKCS#12 bytes to build files no honest writer produces: changed OIDs, iteration counts
 * and MACs over other password encodings. Each helper throws when its target is not found, so
 * a test cannot pass on an unchanged file.
 */

/** Replaces the first or last occurrence of a byte pattern with one of the same length. */
export function replaceBytes(bytes: Uint8Array, fromHex: string, toHex: string, which: 'first' | 'last' = 'first'): Buffer {
  const from = Buffer.from(fromHex, 'hex');
  const to = Buffer.from(toHex, 'hex');
  if (from.length !== to.length) throw new Error('replaceBytes needs patterns of equal length');
  const copy = Buffer.from(bytes);
  const index = which === 'first' ? copy.indexOf(from) : copy.lastIndexOf(from);
  if (index === -1) throw new Error(`pattern ${fromHex} not found`);
  to.copy(copy, index);
  return copy;
}

function parsePfx(bytes: Uint8Array): asn1js.Sequence {
  const decoded = asn1js.fromBER(bytes);
  if (decoded.offset === -1) throw new Error('not BER');
  return decoded.result as asn1js.Sequence;
}

/** Sets the macData iteration count (re-encodes the PFX; the MAC itself is left as it was). */
export function withMacIterations(bytes: Uint8Array, iterations: number): Buffer {
  const pfx = parsePfx(bytes);
  const macData = pfx.valueBlock.value[2] as asn1js.Sequence | undefined;
  if (macData === undefined) throw new Error('the file has no macData');
  macData.valueBlock.value[2] = new asn1js.Integer({ value: iterations });
  return Buffer.from(pfx.toBER());
}

/** Recomputes the MAC with an already encoded (BMPString or zero-length) password. */
export function withMacFor(bytes: Uint8Array, encodedPassword: Uint8Array): Buffer {
  const pfx = parsePfx(bytes);
  const authSafe = pfx.valueBlock.value[1] as asn1js.Sequence;
  const content = (authSafe.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString;
  const macData = pfx.valueBlock.value[2] as asn1js.Sequence;
  const digestInfo = macData.valueBlock.value[0] as asn1js.Sequence;
  const digestOid = ((digestInfo.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier).getValue();
  const oldMac = (digestInfo.valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView;
  const salt = (macData.valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView;
  const iterations = macData.valueBlock.value[2] === undefined ? 1 : (macData.valueBlock.value[2] as asn1js.Integer).valueBlock.valueDec;
  const digest = macDigests.get(digestOid)!.digest;
  const newMac = computeMac(digest, encodedPassword, salt, iterations, new Uint8Array(content.getValue()));
  return replaceBytes(bytes, Buffer.from(oldMac).toString('hex'), newMac.toString('hex'), 'last');
}

/** Removes macData, as `openssl pkcs12 -nomac` writes it (the bags stay encrypted). */
export function withoutMac(bytes: Uint8Array): Buffer {
  const pfx = parsePfx(bytes);
  if (pfx.valueBlock.value.length !== 3) throw new Error('the file has no macData');
  pfx.valueBlock.value.pop();
  return Buffer.from(pfx.toBER());
}
