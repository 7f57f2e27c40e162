import type { BerReader, Element } from './ber.ts';
import { parseEncryptionScheme, type EncryptionScheme } from './encryption.ts';
import type { WorkBudget } from './limits.ts';
import { oid } from './oids.ts';

export interface BagAttributes {
  friendlyName?: string;
  localKeyId?: Uint8Array;
}

/** One SafeBag, parsed but not decrypted. */
export type SafeBagEntry =
  | { type: 'certificate'; der: Uint8Array; attributes: BagAttributes }
  | { type: 'key'; privateKeyInfo: Uint8Array; attributes: BagAttributes }
  | { type: 'shrouded-key'; what: string; scheme: EncryptionScheme; ciphertext: Uint8Array; attributes: BagAttributes };

export interface ParsedSafeContents {
  bags: SafeBagEntry[];
  /** Bags the reader does not use (CRLs, secrets, non-X.509 certificates), described for a warning. */
  skipped: string[];
  /** Attribute problems that did not stop the read. */
  warnings: string[];
}

/** Nested safeContentsBags deeper than this are rejected; real files do not nest at all. */
const maxNesting = 4;

const skippedBagNames: Record<string, string> = {
  [oid.crlBag]: 'a CRL bag',
  [oid.secretBag]: 'a secret bag',
};

/** Parses SafeContents ::= SEQUENCE OF SafeBag (RFC 7292 section 4.2). */
export function parseSafeContents(reader: BerReader, bytes: Uint8Array, what: string, budget: WorkBudget): ParsedSafeContents {
  const result: ParsedSafeContents = { bags: [], skipped: [], warnings: [] };
  collectBags(reader, reader.decode(bytes, `${what} SafeContents`), what, budget, 0, result);
  return result;
}

function collectBags(reader: BerReader, safeContents: Element, what: string, budget: WorkBudget, depth: number, result: ParsedSafeContents): void {
  const safeBags = reader.sequence(safeContents, `${what} SafeContents`);
  safeBags.forEach((safeBag, position) => {
    const bagWhat = `${what} bag ${position + 1}`;
    const [bagIdElement, valueElement, attributesElement] = reader.sequence(safeBag, bagWhat, 2, 3);
    const bagId = reader.oid(bagIdElement, `${bagWhat} type`);
    const value = reader.explicit(valueElement, 0, `${bagWhat} value`);
    const attributes = attributesElement === undefined ? {} : parseAttributes(reader, attributesElement, bagWhat, result.warnings);

    switch (bagId) {
      case oid.certBag: {
        const [certIdElement, certValueElement] = reader.sequence(value, `${bagWhat} CertBag`, 2, 2);
        const certId = reader.oid(certIdElement, `${bagWhat} certificate type`);
        if (certId !== oid.x509Certificate) {
          result.skipped.push(`${bagWhat}: a certificate of type ${certId} (only X.509 certificates are read)`);
          return;
        }
        const der = reader.octetString(reader.explicit(certValueElement, 0, `${bagWhat} certificate`), `${bagWhat} certificate`);
        result.bags.push({ type: 'certificate', der: der.slice(), attributes });
        return;
      }
      case oid.keyBag:
        reader.sequence(value, `${bagWhat} PrivateKeyInfo`, 3);
        result.bags.push({ type: 'key', privateKeyInfo: reader.encoding(value).slice(), attributes });
        return;
      case oid.pkcs8ShroudedKeyBag: {
        const [algorithm, encryptedData] = reader.sequence(value, `${bagWhat} EncryptedPrivateKeyInfo`, 2, 2);
        const scheme = parseEncryptionScheme(reader, algorithm, `the private key in ${bagWhat}`, budget);
        const ciphertext = reader.octetString(encryptedData, `${bagWhat} encrypted key`);
        result.bags.push({ type: 'shrouded-key', what: bagWhat, scheme, ciphertext, attributes });
        return;
      }
      case oid.safeContentsBag:
        if (depth >= maxNesting) reader.fail(bagWhat, `nests SafeContents more than ${maxNesting} levels deep`);
        collectBags(reader, value, bagWhat, budget, depth + 1, result);
        return;
      default:
        result.skipped.push(`${bagWhat}: ${skippedBagNames[bagId] ?? `a bag of unknown type ${bagId}`}`);
    }
  });
}

/** Reads friendlyName (BMPString) and localKeyId (OCTET STRING); other attributes are ignored. */
function parseAttributes(reader: BerReader, element: Element, what: string, warnings: string[]): BagAttributes {
  const attributes: BagAttributes = {};
  for (const attribute of reader.set(element, `${what} attributes`)) {
    const [idElement, valuesElement] = reader.sequence(attribute, `${what} attribute`, 2, 2);
    const attributeId = reader.oid(idElement, `${what} attribute type`);
    const values = reader.set(valuesElement, `${what} attribute ${attributeId} values`);
    if (attributeId === oid.friendlyName) {
      try {
        attributes.friendlyName = reader.bmpString(values[0], `${what} friendlyName`);
      } catch {
        warnings.push(`${what}: the friendlyName attribute is not a BMPString and was ignored`);
      }
    } else if (attributeId === oid.localKeyId) {
      try {
        attributes.localKeyId = reader.octetString(values[0], `${what} localKeyId`).slice();
      } catch {
        warnings.push(`${what}: the localKeyId attribute is not an OCTET STRING and was ignored`);
      }
    }
  }
  return attributes;
}
