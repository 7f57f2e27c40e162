import { isUtf8 } from 'node:buffer';

import { addRepair, type TextRepair } from './repair.ts';

export interface DecodedText {
  text: string;
  repairs: TextRepair[];
}

const powershellHint = 'Windows PowerShell 5.1 writes UTF-16LE with ">" and Out-File';

/**
 * Decodes bytes as text when they are text: UTF-8 with or without a byte order mark, or UTF-16
 * in either byte order with or without one. Returns undefined for binary data (DER, PKCS#12),
 * recognised by invalid UTF-8 or control characters other than tab, line feed, form feed and
 * carriage return.
 */
export function decodeText(bytes: Uint8Array): DecodedText | undefined {
  const repairs: TextRepair[] = [];
  let text: string | undefined;

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = decodeUtf8(bytes.subarray(3));
    addRepair(repairs, {
      code: 'UTF8_BOM',
      message: 'removed a UTF-8 byte order mark (PowerShell "-Encoding UTF8" and Windows Notepad add one)',
    });
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = decodeUtf16(bytes.subarray(2), true);
    addRepair(repairs, { code: 'UTF16LE_BOM', message: `converted UTF-16LE text to UTF-8 (${powershellHint})` });
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = decodeUtf16(bytes.subarray(2), false);
    addRepair(repairs, { code: 'UTF16BE_BOM', message: 'converted UTF-16BE text to UTF-8 (written by a Windows or Java tool with "Unicode big endian")' });
  } else {
    const order = utf16WithoutBom(bytes);
    if (order !== undefined) {
      text = decodeUtf16(bytes, order === 'le');
      addRepair(repairs, {
        code: order === 'le' ? 'UTF16LE' : 'UTF16BE',
        message: `converted UTF-16${order === 'le' ? 'LE' : 'BE'} text without a byte order mark to UTF-8 (${powershellHint})`,
      });
    } else {
      text = decodeUtf8(bytes);
    }
  }

  if (text === undefined || /[\x00-\x08\x0b\x0e-\x1f\x7f]/.test(text)) return undefined;
  return { text, repairs };
}

// Buffer decoding with isUtf8 avoids TextDecoder, whose first use costs about 1.5 ms of start-up.
function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string | undefined {
  if (bytes.length % 2 !== 0) return undefined;
  const copy = Buffer.from(bytes);
  if (!littleEndian) copy.swap16();
  const text = copy.toString('utf16le');
  // Unpaired surrogates mean the bytes were not UTF-16 text.
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text) ? undefined : text;
}

/** Recognises ASCII text stored as UTF-16 without a byte order mark: every other byte is zero. */
function utf16WithoutBom(bytes: Uint8Array): 'le' | 'be' | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  const sample = Math.min(bytes.length, 256);
  let le = true;
  let be = true;
  for (let index = 0; index < sample; index += 2) {
    const even = bytes[index]!;
    const odd = bytes[index + 1]!;
    if (!(odd === 0 && even >= 0x09 && even < 0x7f)) le = false;
    if (!(even === 0 && odd >= 0x09 && odd < 0x7f)) be = false;
  }
  if (le) return 'le';
  if (be) return 'be';
  return undefined;
}
