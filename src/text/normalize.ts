import { addRepair, type TextRepair } from './repair.ts';

export interface NormalizedText {
  text: string;
  repairs: TextRepair[];
}

/** Converts CRLF and lone CR line endings to LF, and removes invisible characters that copy and paste brings in. */
export function normalizeLineEndings(text: string, repairs: TextRepair[] = []): NormalizedText {
  let result = text;
  if (result.includes('\r\n')) {
    result = result.replace(/\r\n/g, '\n');
    addRepair(repairs, { code: 'CRLF', message: 'converted CRLF line endings to LF (file saved on Windows?)' });
  }
  if (result.includes('\r')) {
    result = result.replace(/\r/g, '\n');
    addRepair(repairs, { code: 'CR', message: 'converted lone CR line endings to LF (file saved with classic Mac OS line endings?)' });
  }
  if (/[\u00a0\u200b\ufeff]/.test(result)) {
    result = result.replace(/\u00a0/g, ' ').replace(/[\u200b\ufeff]/g, '');
    addRepair(repairs, {
      code: 'INVISIBLE_CHARACTERS',
      message: 'removed non-breaking spaces, zero-width spaces or byte order marks inside the text (copied from a web page or chat?)',
    });
  }
  return { text: result, repairs };
}

/**
 * Turns literal `\n` sequences (a backslash and the letter n) into line feeds, once, when the
 * text is a PEM that went through an environment variable or a JSON string. Two or more
 * backslashes before the n mean the text was escaped twice, which is reported separately.
 * Escaped slashes (`\/`, from JSON encoders that escape `/`) are undone at the same time.
 * Base64 and PEM markers contain no backslash, so no real content is changed.
 */
export function unescapeLiteralNewlines(text: string, repairs: TextRepair[] = []): NormalizedText {
  const runs = [...text.matchAll(/(\\+)(?:r\\+)?n/g)].map((match) => match[1]!.length);
  if (runs.length === 0) return { text, repairs };

  const double = runs.some((length) => length >= 2);
  const result = text
    .replace(/\\+r\\+n/g, '\n')
    .replace(/\\+n/g, '\n')
    .replace(/\\+\//g, '/');
  addRepair(
    repairs,
    double
      ? {
          code: 'DOUBLE_ESCAPED_NEWLINES',
          message: 'replaced double-escaped "\\\\n" sequences with line breaks (the PEM was JSON-escaped twice)',
        }
      : {
          code: 'ESCAPED_NEWLINES',
          message: 'replaced literal "\\n" sequences with line breaks (PEM copied from a JSON string or an environment variable?)',
        },
  );
  return { text: result, repairs };
}
