import { S4NameInvalidError } from './errors.ts';

/** A name after checking: the form to type in S/4HANA, and what the admin should know about it. */
export interface CheckedName {
  value: string;
  warnings: string[];
}

/** Identities every AS ABAP ships; a new SSL client identity must not reuse them. */
export const reservedIdentities: ReadonlySet<string> = new Set(['DFAULT', 'ANONYM']);

/**
 * Maximum identity length STRUST most likely accepts. STRUST stores the identity in table
 * STRUSTSSL under the data element SSFAPPL, a six-character SSF application name.
 * NOTE: no SAP document states the limit, so longer names produce a warning, not an error.
 */
export const identityMaxLength = 6;

/**
 * Checks the name of a new STRUST SSL client identity (the tutorial uses `ISLM`).
 *
 * Certain rules raise S4NameInvalidError: the name is not empty, has no white space or
 * control characters, and is not one of the standard identities `DFAULT` and `ANONYM`.
 * Inferred rules only warn: at most six characters, upper-case letters and digits only.
 * Lower-case letters are converted, because ABAP input fields of this kind store upper case.
 */
export function checkStrustIdentity(name: string): CheckedName {
  const kind = 'STRUST identity';
  const fix = 'Choose 1 to 6 upper-case letters or digits that no other SSL client identity uses, for example ISLM.';
  if (name.trim() === '') throw new S4NameInvalidError(kind, name, 'it is empty', fix);
  if (hasSpaceOrControl(name)) throw new S4NameInvalidError(kind, name, 'it contains white space or control characters', fix);

  const warnings: string[] = [];
  const value = name.toUpperCase();
  if (value !== name) warnings.push(`STRUST stores identity names in upper case, so the sheet uses "${value}" for "${name}".`);
  if (reservedIdentities.has(value)) {
    throw new S4NameInvalidError(
      kind,
      name,
      `"${value}" is a standard identity of every system, and the client key must live in its own PSE`,
      `${fix} SM59 keeps using DFAULT, which must not present the client certificate.`,
    );
  }
  if (value.length > identityMaxLength) {
    warnings.push(
      `The STRUST identity "${value}" has ${value.length} characters; STRUST most likely takes at most ${identityMaxLength} (inferred from its data element, not documented). Choose a shorter name if STRUST rejects it.`,
    );
  }
  if (!/^[A-Z0-9]+$/.test(value)) {
    warnings.push(
      `The STRUST identity "${value}" contains characters other than A-Z and 0-9; STRUST may reject them (the allowed set is not documented).`,
    );
  }
  return { value, warnings };
}

/**
 * Longest RFC destination name SM59 takes: the data element RFCDEST is CHAR 32.
 */
export const destinationMaxLength = 32;

/** Checks the SM59 destination name: not empty, no white space, at most 32 characters. */
export function checkDestinationName(name: string): CheckedName {
  const kind = 'SM59 destination';
  const fix = `Choose a name of 1 to ${destinationMaxLength} characters without spaces, for example ISLM_REUSE_CONNECTION.`;
  if (name.trim() === '') throw new S4NameInvalidError(kind, name, 'it is empty', fix);
  if (hasSpaceOrControl(name)) throw new S4NameInvalidError(kind, name, 'it contains white space or control characters', fix);
  if (name.length > destinationMaxLength) {
    throw new S4NameInvalidError(kind, name, `it has ${name.length} characters, SM59 takes at most ${destinationMaxLength}`, fix);
  }
  return { value: name, warnings: [] };
}

/**
 * Checks the OA2C_CONFIG configuration name: not empty, no white space. Its length limit is not
 * documented, so none is enforced.
 */
export function checkOAuthConfigurationName(name: string): CheckedName {
  const kind = 'OA2C_CONFIG configuration name';
  const fix = 'Choose a name without spaces, for example ISLM_OAUTH_MTLS.';
  if (name.trim() === '') throw new S4NameInvalidError(kind, name, 'it is empty', fix);
  if (hasSpaceOrControl(name)) throw new S4NameInvalidError(kind, name, 'it contains white space or control characters', fix);
  const warnings: string[] = [];
  if (name !== name.toUpperCase()) warnings.push(`OA2C_CONFIG may store the configuration name "${name}" in upper case.`);
  return { value: name, warnings };
}

/**
 * Checks an SAP AI Core resource group id. It must not be empty or contain white space. The
 * Kubernetes-style pattern (3 to 253 characters of a-z, 0-9, "-" and ".", alphanumeric at both
 * ends) is how SAP AI Core names resource groups in practice, not a documented rule here, so a
 * mismatch only warns.
 */
export function checkResourceGroup(id: string): CheckedName {
  const kind = 'resource group';
  const fix = 'Give the id of an existing SAP AI Core resource group, for example default.';
  if (id.trim() === '') throw new S4NameInvalidError(kind, id, 'it is empty', fix);
  if (hasSpaceOrControl(id)) throw new S4NameInvalidError(kind, id, 'it contains white space or control characters', fix);
  const warnings: string[] = [];
  if (!/^[a-zA-Z0-9][a-zA-Z0-9.-]{1,251}[a-zA-Z0-9]$/.test(id)) {
    warnings.push(`The resource group "${id}" does not look like an SAP AI Core resource group id (3 to 253 letters, digits, "-" or ".").`);
  }
  return { value: id, warnings };
}

function hasSpaceOrControl(text: string): boolean {
  return /[\s\p{Cc}]/u.test(text);
}
