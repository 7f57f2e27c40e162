import {
  commonNameMaxLength,
  commonNameOid,
  parseDistinguishedName,
  type DistinguishedName,
} from './distinguished-name.ts';
import { CsrInputError } from './errors.ts';

export interface SubjectInput {
  /** The CN value as typed (`--cn`), without `CN=`. */
  commonName?: string;
  /** A full RFC 4514 DN (`--subject`). */
  subject?: string;
}

/**
 * Checks a common name: not blank, no leading or trailing spaces, no control characters, at
 * most 64 characters (`ub-common-name`, RFC 5280).
 */
export function validateCommonName(commonName: string): string {
  const fail = (problem: string): never => {
    throw new CsrInputError('ERR_CSR_COMMON_NAME_INVALID', `invalid --cn "${commonName}": ${problem}`, {
      fix: `Give a name of 1 to ${commonNameMaxLength} characters, for example --cn islm-aicore-dev.`,
      details: { commonName },
    });
  };
  if (commonName.trim() === '') fail('it is empty');
  if (commonName !== commonName.trim()) fail('it has leading or trailing spaces');
  if (/[\u0000-\u001f\u007f]/.test(commonName)) fail('it contains a control character');
  const length = [...commonName].length;
  if (length > commonNameMaxLength) fail(`it has ${length} characters; at most ${commonNameMaxLength} are allowed`);
  return commonName;
}

/**
 * Builds the CSR subject from `--cn` and `--subject`. With only `--cn` the subject is `CN=NAME`.
 * With both, the CN goes first in the string (encoded last); a subject that already has a CN must
 * have the same value. The result always has exactly one CN.
 */
export function buildCsrSubject(input: SubjectInput): DistinguishedName {
  if (input.commonName === undefined && input.subject === undefined) {
    throw new CsrInputError('ERR_CSR_COMMON_NAME_INVALID', 'no common name given', {
      fix: 'Give --cn NAME, or a full DN with --subject "CN=NAME, O=...".',
    });
  }
  const commonName = input.commonName === undefined ? undefined : validateCommonName(input.commonName);
  const name = input.subject === undefined ? [] : parseDistinguishedName(input.subject);
  const commonNames = name.flat().filter((attribute) => attribute.oid === commonNameOid);

  if (commonNames.length > 1) {
    throw new CsrInputError('ERR_CSR_SUBJECT_INVALID', `invalid --subject "${input.subject}": it has ${commonNames.length} CN attributes`, {
      fix: 'Give exactly one CN.',
      details: { subject: input.subject },
    });
  }
  const existing = commonNames[0];
  if (existing !== undefined) {
    validateCommonName(existing.value);
    if (commonName !== undefined && existing.value !== commonName) {
      throw new CsrInputError('ERR_CSR_SUBJECT_INVALID', `--cn "${commonName}" differs from the CN "${existing.value}" in --subject`, {
        fix: 'Leave out --cn, or remove the CN from --subject.',
        details: { commonName, subject: input.subject },
      });
    }
    return name;
  }
  if (commonName === undefined) {
    throw new CsrInputError('ERR_CSR_SUBJECT_INVALID', `invalid --subject "${input.subject}": it has no CN`, {
      fix: 'Add --cn NAME, or put CN=NAME into --subject.',
      details: { subject: input.subject },
    });
  }
  return [[{ type: 'CN', oid: commonNameOid, value: commonName }], ...name];
}
