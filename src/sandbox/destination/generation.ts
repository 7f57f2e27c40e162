import { createPublicKey, KeyObject, webcrypto } from 'node:crypto';

import { generateKeyPair, issueCertificate, issueCertificateForPublicKey } from '../../x509/certificate-authority.ts';
import { x509 } from '../../x509/peculiar.ts';
import type { SandboxCore } from '../core.ts';
import { encodedOrder, escapeDnValue } from '../pki/names.ts';
import { badRequest, buildCertificateFile, formatOfName, type CertificateFormat } from './certificate-files.ts';
import type { GenerationRecord, ValidityUnit } from './model.ts';

const attributeNames = ['CN', 'Validity', 'AutomaticRenew', 'Password', 'CSR'];
/** Names that look plausible but do not exist in the REST API; named in the error to help. */
const misnamedAttributes: Record<string, string> = {
  CommonName: 'CN',
  AutoRenew: 'AutomaticRenew',
  GenerationMethod: 'no field (a body with Attributes is a generation request)',
};

/** Validity limits per unit. SAP publishes no limits; these follow the renewal table's ranges. */
const validityLimits: Record<ValidityUnit, number> = { DAYS: 365, MONTHS: 12, YEARS: 10 };

export interface GenerationRequest {
  name: string;
  format: CertificateFormat;
  record: Omit<GenerationRecord, 'subject' | 'notBefore' | 'notAfter' | 'renewals'>;
}

/** Validates a generation body (`Name` plus `Attributes`); an invalid one gets a 400 naming the problem. */
export async function parseGenerationRequest(body: Record<string, unknown>): Promise<GenerationRequest> {
  const name = body['Name'];
  if (typeof name !== 'string' || name === '') throw badRequest('Name is required');
  const format = formatOfName(name);
  if (format === undefined) throw badRequest(`the extension of Name "${name}" must be .pem, .p12, .pfx or .jks for a generated certificate`);
  if (format.extension === 'crt' || format.extension === 'cer') {
    throw badRequest(`generated certificates are stored as .pem, .p12, .pfx or .jks, not .${format.extension}`);
  }
  const type = body['Type'];
  if (type !== undefined && type !== null && type !== 'PEM') throw badRequest(`Type must be "PEM" or absent for a generation request, got ${JSON.stringify(type)}`);
  for (const key of Object.keys(body)) {
    if (!['Name', 'Type', 'Attributes'].includes(key)) throw badRequest(`unknown field "${key}" in a generation request`);
  }

  const attributes = body['Attributes'];
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) throw badRequest('Attributes must be an object');
  const values = attributes as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (attributeNames.includes(key)) continue;
    const hint = misnamedAttributes[key];
    throw badRequest(`unknown attribute "${key}"${hint ? `; the API field is ${hint}` : `; expected ${attributeNames.join(', ')}`}`);
  }

  const cn = values['CN'] ?? name;
  if (typeof cn !== 'string' || cn.trim() === '' || cn.length > 64) throw badRequest('Attributes.CN must be a string of 1 to 64 characters');

  const validity = parseValidity(values['Validity']);
  const autoRenew = values['AutomaticRenew'] ?? false;
  if (typeof autoRenew !== 'boolean') throw badRequest('Attributes.AutomaticRenew must be true or false');

  const password = values['Password'];
  if (password !== undefined && (typeof password !== 'string' || password === '')) throw badRequest('Attributes.Password must be a non-empty string');
  if (format.format !== 'pem' && password === undefined) {
    throw badRequest(`Attributes.Password is required for a .${format.extension} keystore`);
  }

  let csrPublicKeyPem: string | undefined;
  if (values['CSR'] !== undefined) {
    if (format.format !== 'pem') throw badRequest('with a CSR only a PEM certificate can be generated; use a .pem Name');
    if (password !== undefined) throw badRequest('Attributes.Password has no effect with a CSR, because no key is generated; leave it out');
    csrPublicKeyPem = await parseCsr(values['CSR']);
  }

  return {
    name,
    format: format.format,
    record: { cn, validity, autoRenew, password: password as string | undefined, csrPublicKeyPem },
  };
}

function parseValidity(value: unknown): GenerationRecord['validity'] {
  // NOTE: SAP documents no default validity; one year matches the SAP ISLM tutorial.
  if (value === undefined) return { TimeUnit: 'YEARS', Value: 1 };
  if (typeof value !== 'object' || value === null) throw badRequest('Attributes.Validity must be an object {"TimeUnit","Value"}');
  const { TimeUnit: unit, Value: amount, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw badRequest(`unknown field "${extra[0]}" in Attributes.Validity`);
  if (unit !== 'DAYS' && unit !== 'MONTHS' && unit !== 'YEARS') {
    throw badRequest(`Attributes.Validity.TimeUnit must be DAYS, MONTHS or YEARS, got ${JSON.stringify(unit)}`);
  }
  const max = validityLimits[unit];
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > max) {
    throw badRequest(`Attributes.Validity.Value must be a whole number from 1 to ${max} for ${unit}, got ${JSON.stringify(amount)}`);
  }
  return { TimeUnit: unit, Value: amount };
}

async function parseCsr(value: unknown): Promise<string> {
  if (typeof value !== 'string') throw badRequest('Attributes.CSR must be the base64 of a PEM certificate signing request');
  const pem = Buffer.from(value, 'base64').toString('utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE REQUEST-----')) {
    throw badRequest('Attributes.CSR must be the base64 of a PEM "CERTIFICATE REQUEST" (encode the whole PEM file, headers included)');
  }
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(pem);
  } catch {
    throw badRequest('Attributes.CSR cannot be parsed as a PKCS#10 certificate signing request');
  }
  if (!(await request.verify())) throw badRequest('the signature of Attributes.CSR is invalid');
  const publicKey = createPublicKey({ key: Buffer.from(request.publicKey.rawData), format: 'der', type: 'spki' });
  const details = publicKey.asymmetricKeyDetails;
  const supported =
    (publicKey.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) ||
    (publicKey.asymmetricKeyType === 'ec' && (details?.namedCurve === 'prime256v1' || details?.namedCurve === 'secp384r1'));
  if (!supported) throw badRequest('the CSR key must be RSA with at least 2048 bits or EC P-256/P-384');
  return publicKey.export({ type: 'spki', format: 'pem' }) as string;
}

/** Builds the leaf subject in SAP's pattern (CN, landscape host with subaccount, landscape OUs). */
export function generatedSubject(core: SandboxCore, cn: string): string {
  const { landscape, landscapeGuid, subaccountId } = core.identity;
  return (
    `CN=${escapeDnValue(cn)}, L=destination-configuration.cfapps.${landscape}.hana.ondemand.com/${subaccountId}, ` +
    `OU=${landscapeGuid}, OU=${landscape}, OU=SAP Cloud Platform Clients, O=SAP SE, C=DE`
  );
}

/** notAfter for a validity counted in calendar days, months or years from `notBefore`. */
export function validityEnd(notBefore: Date, validity: GenerationRecord['validity']): Date {
  const end = new Date(notBefore.getTime());
  if (validity.TimeUnit === 'DAYS') end.setUTCDate(end.getUTCDate() + validity.Value);
  else if (validity.TimeUnit === 'MONTHS') end.setUTCMonth(end.getUTCMonth() + validity.Value);
  else end.setUTCFullYear(end.getUTCFullYear() + validity.Value);
  return end;
}

export interface IssuedFile {
  contentBase64: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Issues a leaf from the current "SAP Cloud Platform Client CA" stand-in, valid from
 * `notBefore` (the sandbox clock) for the requested validity, with a new RSA 2048 key or the
 * CSR's key, and encodes the file for `format`.
 */
export async function issueGeneratedFile(
  core: SandboxCore,
  name: string,
  format: CertificateFormat,
  record: GenerationRequest['record'],
  notBefore: Date,
): Promise<IssuedFile> {
  // X.509 times have whole seconds; the stored dates must equal the certificate's.
  notBefore = new Date(Math.floor(notBefore.getTime() / 1000) * 1000);
  const subject = generatedSubject(core, record.cn);
  const notAfter = validityEnd(notBefore, record.validity);
  const issuer = core.authorities.sapClientCa;
  const common = { subject: encodedOrder(subject), profile: 'client' as const, issuer, notBefore, notAfter };

  let privateKey: KeyObject | undefined;
  let leafPem: string;
  if (record.csrPublicKeyPem !== undefined) {
    const publicKey = await importPublicKey(record.csrPublicKeyPem);
    leafPem = (await issueCertificateForPublicKey({ ...common, publicKey })).certificatePem;
  } else {
    const { keys } = await generateKeyPair('rsa-2048');
    const leaf = await issueCertificate({ ...common, keys });
    leafPem = leaf.certificatePem;
    privateKey = leaf.privateKey;
  }

  const alias = name.slice(0, name.lastIndexOf('.'));
  const bytes = buildCertificateFile(
    format,
    { privateKey, chainPem: [leafPem, issuer.certificatePem, core.authorities.sapCloudRoot.certificatePem], password: record.password, alias },
    notBefore,
  );
  return { contentBase64: bytes.toString('base64'), subject, notBefore, notAfter };
}

async function importPublicKey(spkiPem: string): Promise<CryptoKey> {
  const key = createPublicKey(spkiPem);
  const der = key.export({ type: 'spki', format: 'der' });
  const algorithm: RsaHashedImportParams | EcKeyImportParams =
    key.asymmetricKeyType === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'P-384' : 'P-256' };
  return webcrypto.subtle.importKey('spki', der, algorithm, true, ['verify']) as Promise<CryptoKey>;
}
