import { readFile } from 'node:fs/promises';

import { findX509Parameters, type X509ParametersReport } from '../binding/index.ts';
import { locateJsonError } from '../credentials/index.ts';
import { AicoreMtlsError, NotFoundError } from '../errors.ts';
import { readMaterial, type Certificate } from '../material/index.ts';
import { decodeText } from '../text/decode.ts';
import { normalizeLineEndings, unescapeLiteralNewlines } from '../text/normalize.ts';
import type { TextRepair } from '../text/repair.ts';

/** A binding parameters file, read as bytes, as text and as JSON, each as far as it goes. */
export interface LoadedBindingParameters {
  path: string;
  bytes: Uint8Array;
  /** The decoded text; undefined when the file is not text. */
  text?: string;
  /** Changes made by decoding: a byte order mark removed, UTF-16 converted. */
  decodeRepairs: TextRepair[];
  parsed?: unknown;
  /** Position and reason when the text is not JSON. */
  parseError?: string;
  /** Location of the x509 block, judged for SAP AI Core. */
  report?: X509ParametersReport;
  /** The `certificate` string after JSON decoding, exactly as XSUAA would receive it. */
  certificateString?: string;
  /** Certificates read from that string after repairing line endings and escapes. */
  certificates: Certificate[];
  /** Reason `certificateString` yields no certificate, when it yields none. */
  certificateError?: string;
  /** `certificate-pinning` as XSUAA applies it: the value given, else true (XSUAA's default). */
  pinning?: boolean;
  pinningStated: boolean;
}

/** Reads a binding parameters file without rejecting anything; the checks judge what was found. */
export async function loadBindingParameters(path: string): Promise<LoadedBindingParameters> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new NotFoundError(`binding parameters file "${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
      fix: 'Check the path given to --binding-params.',
      details: { path },
    });
  }

  const loaded: LoadedBindingParameters = { path, bytes, decodeRepairs: [], certificates: [], pinningStated: false };
  const decoded = decodeText(bytes);
  if (decoded === undefined) {
    loaded.parseError = 'the file is not text';
    return loaded;
  }
  loaded.text = decoded.text;
  loaded.decodeRepairs = decoded.repairs;

  const location = locateJsonError(decoded.text);
  if (location !== undefined) {
    loaded.parseError = `line ${location.line}, column ${location.column}: ${location.problem}`;
    return loaded;
  }
  loaded.parsed = JSON.parse(decoded.text) as unknown;
  loaded.report = findX509Parameters(loaded.parsed, 'aicore');

  const x509 = loaded.report.block?.x509;
  if (x509 !== undefined) {
    if (typeof x509['certificate'] === 'string') loaded.certificateString = x509['certificate'];
    const pinning = x509['certificate-pinning'];
    loaded.pinningStated = typeof pinning === 'boolean';
    if (loaded.report.block?.kind === 'self-managed') loaded.pinning = typeof pinning === 'boolean' ? pinning : true;
  }
  if (loaded.certificateString !== undefined) await readCertificates(loaded, loaded.certificateString);
  return loaded;
}

async function readCertificates(loaded: LoadedBindingParameters, value: string): Promise<void> {
  const repaired = normalizeLineEndings(unescapeLiteralNewlines(value).text).text;
  try {
    const material = await readMaterial({ bytes: Buffer.from(repaired), origin: `"certificate" in ${loaded.path}` });
    loaded.certificates = material.certificates;
    if (material.privateKeys.length > 0) loaded.certificateError = 'the certificate string contains a private key';
  } catch (error) {
    if (!(error instanceof AicoreMtlsError)) throw error;
    loaded.certificateError = `${error.message} [${error.code}]`;
  }
}
