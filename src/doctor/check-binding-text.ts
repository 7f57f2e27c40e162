import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { LoadedBindingParameters } from './load-binding-parameters.ts';
import type { CheckOutcome } from './types.ts';

const encodingEvidence: Record<string, string> = {
  UTF8_BOM: 'the file starts with a UTF-8 byte order mark (bytes EF BB BF)',
  UTF16LE_BOM: 'the file is UTF-16LE with a byte order mark (bytes FF FE)',
  UTF16BE_BOM: 'the file is UTF-16BE with a byte order mark (bytes FE FF)',
  UTF16LE: 'the file is UTF-16LE text without a byte order mark',
  UTF16BE: 'the file is UTF-16BE text without a byte order mark',
};

/**
 * Checks the text of a binding parameters file, raw and inside the certificate string: a byte
 * order mark or UTF-16, CRLF line endings, and a PEM that was JSON-escaped twice.
 */
export function checkBindingText(loaded: LoadedBindingParameters): CheckOutcome {
  const outcome = emptyOutcome();
  const name = `binding parameters "${loaded.path}"`;

  const encoding = loaded.decodeRepairs.map((repair) => encodingEvidence[repair.code]).filter((text): text is string => text !== undefined);
  if (encoding.length > 0) outcome.diagnoses.push(diagnose('BINDING_PARAMETERS_BOM', encoding.map((text) => `${name}: ${text}`)));

  const crlf: string[] = [];
  const fileCrlf = loaded.text?.match(/\r\n/g)?.length ?? 0;
  if (fileCrlf > 0) crlf.push(`${name}: ${fileCrlf} line(s) end with CRLF`);
  const certificate = loaded.certificateString;
  const certificateCr = certificate?.match(/\r/g)?.length ?? 0;
  if (certificateCr > 0) crlf.push(`${name}: the certificate string contains ${certificateCr} carriage return(s) ("\\r\\n" escapes)`);
  if (crlf.length > 0) outcome.diagnoses.push(diagnose('BINDING_PARAMETERS_CRLF', crlf));

  const literalNewlines = certificate?.match(/\\+(?:r\\+)?n/g)?.length ?? 0;
  if (literalNewlines > 0) {
    outcome.diagnoses.push(
      diagnose('BINDING_CERTIFICATE_DOUBLE_ESCAPED', [
        `${name}: after JSON decoding the certificate string still contains ${literalNewlines} literal "\\n" sequence(s) (written as "\\\\n" in the file) and ${certificate!.split('\n').length - 1} real line break(s)`,
      ]),
    );
  }

  if (outcome.diagnoses.length === 0 && loaded.text !== undefined) {
    outcome.passed.push(`${name}: UTF-8 without byte order mark, LF line endings${certificate === undefined ? '' : ', certificate escaped once'}`);
  }
  return outcome;
}
