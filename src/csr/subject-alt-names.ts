import { isIP } from 'node:net';

import { CsrInputError } from './errors.ts';

/** A subjectAltName entry in the form @peculiar/x509 takes (`url` is the URI form). */
export interface SubjectAltName {
  type: 'dns' | 'ip' | 'email' | 'url';
  value: string;
}

const prefixes: Record<string, SubjectAltName['type']> = { dns: 'dns', ip: 'ip', email: 'email', uri: 'url' };

/** Hostname labels of letters, digits and hyphens; a `*` first label allows wildcard names. */
const dnsName = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Parses `--san` values: `dns:NAME`, `ip:ADDRESS`, `email:ADDRESS` or `uri:URI`. */
export function parseSubjectAltName(text: string): SubjectAltName {
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? '' : text.slice(0, colon).toLowerCase();
  const value = colon < 0 ? '' : text.slice(colon + 1);
  const type = prefixes[prefix];
  if (type === undefined) {
    throw sanError(text, 'it does not start with dns:, ip:, email: or uri:');
  }
  if (value === '') throw sanError(text, 'the value after the prefix is empty');

  if (type === 'dns' && (value.length > 253 || !dnsName.test(value))) {
    throw sanError(text, `"${value}" is not a valid DNS name`);
  }
  if (type === 'ip' && isIP(value) === 0) throw sanError(text, `"${value}" is not an IPv4 or IPv6 address`);
  if (type === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) throw sanError(text, `"${value}" is not an email address`);
  if (type === 'url' && !URL.canParse(value)) throw sanError(text, `"${value}" is not an absolute URI`);
  return { type, value };
}

/** Formats an entry the way OpenSSL prints it (`DNS:host`, `IP Address:10.0.0.1`). */
export function formatSubjectAltName(name: SubjectAltName): string {
  const labels = { dns: 'DNS', ip: 'IP Address', email: 'email', url: 'URI' } as const;
  return `${labels[name.type]}:${name.value}`;
}

function sanError(text: string, problem: string): CsrInputError {
  return new CsrInputError('ERR_CSR_SAN_INVALID', `invalid --san "${text}": ${problem}`, {
    fix: 'Write each subject alternative name as dns:host.example.com, ip:10.0.0.1, email:name@example.com or uri:https://example.com.',
    details: { san: text },
  });
}
