import { x509 } from '../../x509/peculiar.ts';

/**
 * Distinguished names in two orders. RFC 4514 strings (and OpenSSL, Java and SAP's
 * documentation) list the RDNs from the last in the encoded sequence to the first:
 * `CN=…, O=SAP SE, C=DE` is encoded C first. @peculiar/x509 parses and prints strings in
 * encoded order, so sandbox code converts at the boundary.
 */

/** Converts an RFC 4514 DN into the string @peculiar/x509 encodes in the same RDN order as SAP. */
export function encodedOrder(rfc4514: string): string {
  return new x509.Name(new x509.Name(rfc4514).toJSON().reverse()).toString();
}

/** Prints a Name in RFC 4514 order, as OpenSSL's `-nameopt RFC2253` does. */
export function rfc4514(name: x509.Name): string {
  return new x509.Name(name.toJSON().reverse()).toString();
}

/** Escapes a value for use inside an RFC 4514 DN string. */
export function escapeDnValue(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
}
