/** Test helpers that build input bytes in the forms and damaged variants the reader accepts. */

export const encoder = new TextEncoder();

export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

export function derOf(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}

export function base64Body(pem: string): string {
  return pem.replace(/-----[^-]+-----|\s/g, '');
}

/** UTF-16LE with a byte order mark, as Windows PowerShell 5.1 writes with `>` and Out-File. */
export function utf16leWithBom(text: string): Uint8Array {
  return new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
}

export function withUtf8Bom(text: string): Uint8Array {
  return new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(text)]);
}

export function crlf(text: string): string {
  return text.replace(/\n/g, '\r\n');
}

/** Joins the text into one line, writing each line break as the two characters `\n`. */
export function literalNewlines(text: string): string {
  return text.replace(/\n/g, '\\n');
}

/** Escapes the line breaks twice: each becomes the three characters `\\n`. */
export function doubleEscaped(text: string): string {
  return text.replace(/\n/g, '\\\\n');
}

/** Writes every PEM body on one line. */
export function pemWithoutLineBreaks(text: string): string {
  return text.replace(/(-----BEGIN [^-]+-----)\n([\s\S]*?)\n(-----END [^-]+-----)/g, (_, begin: string, body: string, end: string) => `${begin}\n${body.replace(/\n/g, '')}\n${end}`);
}

/** Replaces line breaks by spaces, as a single-line form field does. */
export function spacesForLineBreaks(text: string): string {
  return text.replace(/\n/g, ' ');
}

export function withJunk(text: string): string {
  return `Bag Attributes\n    friendlyName: client\nsubject=CN=client\n\n${text}\n# copied on Monday\n`;
}

export function destinationObject(name: string, content: Uint8Array | string): Record<string, string> {
  return { Name: name, Type: 'CERTIFICATE', Content: Buffer.from(typeof content === 'string' ? encoder.encode(content) : content).toString('base64') };
}
