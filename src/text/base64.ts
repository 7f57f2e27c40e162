import { addRepair, type TextRepair } from './repair.ts';

/**
 * Decodes text that is nothing but standard base64 (line breaks, spaces and tabs allowed
 * anywhere). Returns undefined when the text is anything else, so callers can use it to
 * recognise headerless base64. Reports base64 whose line breaks were replaced by spaces.
 */
export function decodeBase64Text(text: string, repairs: TextRepair[] = []): Uint8Array | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const compact = trimmed.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;

  if (/[ \t]/.test(trimmed)) {
    addRepair(repairs, {
      code: 'BASE64_SPACES',
      message: 'read base64 whose line breaks had been replaced by spaces (pasted through a single-line form field?)',
    });
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** Decodes a base64 string field (such as a Destination certificate's `Content`); undefined when it is not base64. */
export function decodeBase64Field(value: string): Uint8Array | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}
