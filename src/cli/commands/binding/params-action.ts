import { readFile, unlink } from 'node:fs/promises';

import {
  bindingServiceLabels,
  BindingParametersError,
  buildBindingParameters,
  checkBindingChain,
  issuerOf,
  serializeBindingParameters,
  subjectOf,
  verifyBindingParametersRoundTrip,
  x509LocationFor,
  type ChainCheck,
} from '../../../binding/index.ts';
import { AicoreMtlsError, FileExistsError } from '../../../errors.ts';
import { writeFileAtomic } from '../../../fs/atomic-write.ts';
import { keysMatch } from '../../../keys/match.ts';
import { readMaterialFile } from '../../../material/index.ts';
import type { Material } from '../../../material/types.ts';
import { certificateFields, type Certificate } from '../../../x509/certificate.ts';
import { buildChain, isSelfSigned } from '../../../x509/chain.ts';
import type { Output } from '../../output.ts';
import { passwordProviderFrom } from '../../password-options.ts';
import { bindingCommands, bindingInstructions } from './instructions.ts';
import type { BindingParamsOptions } from './params.ts';
import { pathExists } from '../../../fs/path-exists.ts';

const day = 24 * 60 * 60 * 1000;

/** Warnings and notes printed on stderr, kept for the --json document as well. */
class Messages {
  readonly warnings: string[] = [];
  readonly notes: string[] = [];
  private readonly output: Output;

  constructor(output: Output) {
    this.output = output;
  }

  warn(text: string): void {
    this.warnings.push(text);
    this.output.warn(text);
  }

  note(text: string): void {
    this.notes.push(text);
    this.output.info(`note: ${text}`);
  }
}

/** Reads the input, builds and writes the parameters file, proves the round trip and reports. */
export async function runBindingParams(input: string, options: BindingParamsOptions, output: Output): Promise<number> {
  const service = options.service;
  const pinning = options.pinning === 'true';
  const overwrite = options.force === true;
  if (!overwrite && (await pathExists(options.out))) throw new FileExistsError(options.out);

  const messages = new Messages(output);
  const material = await readInput(input, options);
  for (const repair of material.repairs) messages.note(repair.message);
  for (const warning of material.warnings) messages.warn(warning);

  const chain = orderChain(input, material, messages);
  const check = checkBindingChain(chain);
  reportChecks(check, messages);
  if (pinning) {
    messages.warn('certificate-pinning is true: XSUAA accepts only this exact certificate, so rotating it needs a new binding or service key.');
  }

  const ders = chain.map((certificate) => certificate.der);
  const parameters = buildBindingParameters({
    certificates: ders,
    service,
    pinning,
    hideCertificate: options.hideCertificate === true,
    ensureUniqueness: options.ensureUniqueness === true,
  });
  const json = serializeBindingParameters(parameters);
  verifyBindingParametersRoundTrip(json, ders, service);
  await writeFileAtomic(options.out, json, { mode: 0o644, overwrite });
  const roundTrip = await verifyWrittenFile(options.out, ders, service);

  const leaf = chain[0]!;
  const leafFields = certificateFields(leaf);
  const daysLeft = Math.floor((leafFields.notAfter.getTime() - Date.now()) / day);
  const path = x509LocationFor(service) === 'xsuaa' ? 'xsuaa.x509' : 'x509';
  const roles = chain.map((certificate, index) => roleOf(certificate, index));

  output.text(
    [
      `Wrote ${bindingServiceLabels[service]} binding parameters to "${options.out}".`,
      row('certificates', `${chain.length} (${roles.join(', ')}) as one PEM string in ${path}.certificate`),
      row('leaf subject', subjectOf(leaf)),
      row('leaf issuer', issuerOf(leaf)),
      row('leaf notAfter', `${leafFields.notAfter.toISOString()} (${daysLeft >= 0 ? `${daysLeft} days left` : 'expired'})`),
      row('certificate-pinning', String(pinning)),
      row('hide-certificate', String(options.hideCertificate === true)),
      row('ensure-uniqueness', String(options.ensureUniqueness === true)),
      row('round trip', `verified (file parsed, PEM rebuilt, DER bytes equal for all ${roundTrip.certificateCount} certificates)`),
      '',
      pinning
        ? 'With pinning true, XSUAA accepts only this exact certificate: every new certificate, renewals included, needs a new binding.'
        : 'With pinning false, a renewed certificate with the same subject and issuer DN keeps working with this binding; a new issuer DN breaks it.',
      '',
      ...bindingInstructions(options.out),
    ].join('\n'),
  );

  output.result({
    ok: true,
    out: options.out,
    service,
    path,
    pinning,
    hideCertificate: options.hideCertificate === true,
    ensureUniqueness: options.ensureUniqueness === true,
    certificates: chain.map((certificate, index) => {
      const fields = certificateFields(certificate);
      return {
        role: roles[index],
        subject: subjectOf(certificate),
        issuer: issuerOf(certificate),
        notBefore: fields.notBefore.toISOString(),
        notAfter: fields.notAfter.toISOString(),
        sha256: certificate.x509.fingerprint256,
      };
    }),
    roundTrip: { verified: true, certificateCount: roundTrip.certificateCount },
    trust: check.anchor,
    findings: check.findings,
    privateKeysLeftOut: material.privateKeys.length,
    repairs: material.repairs,
    warnings: messages.warnings,
    notes: messages.notes,
    commands: bindingCommands(options.out),
  });
  return 0;
}

async function readInput(input: string, options: BindingParamsOptions): Promise<Material> {
  try {
    return await readMaterialFile(input, { passwords: passwordProviderFrom(options) });
  } catch (error) {
    // The reader needs the password of an encrypted key even though this command drops the key.
    if (error instanceof AicoreMtlsError && error.code === 'ERR_PASSWORD_MISSING') {
      throw new AicoreMtlsError('ERR_PASSWORD_MISSING', error.message, {
        cause: error,
        exitCode: 2,
        fix: 'Give the password with --password-file FILE or --password-env NAME, or pass a file that contains only the certificates. The parameters never include a private key, but the file cannot be read without its password.',
        details: error.details,
      });
    }
    throw error;
  }
}

/**
 * Puts the input certificates in chain order, leaf first. Copies are dropped with a warning; a
 * certificate that is not on the leaf's chain is an error, so nothing is left out silently.
 */
function orderChain(input: string, material: Material, messages: Messages): Certificate[] {
  const keyCount = material.privateKeys.length;
  if (material.certificates.length === 0) {
    throw new BindingParametersError(
      'ERR_BINDING_NO_CERTIFICATE',
      `"${input}" contains no certificate${keyCount > 0 ? ` (only ${keyCount} private key${keyCount > 1 ? 's' : ''})` : ''}`,
      { fix: 'Pass the client certificate (PEM, DER or PKCS#12), ideally with its CA certificates.', details: { input } },
    );
  }

  const privateKey = material.privateKeys[0]?.keyObject;
  const chain = buildChain(material.certificates, privateKey === undefined ? {} : { privateKey });
  if (chain.unused.length > 0) {
    const names = chain.unused.map((certificate) => `"${subjectOf(certificate)}"`).join(', ');
    throw new BindingParametersError('ERR_BINDING_CHAIN_ORDER', `"${input}" contains certificates outside the chain of "${subjectOf(chain.path[0]!)}": ${names}`, {
      fix: 'Give the client certificate with its own CA certificates only; put other certificates into separate files.',
      details: { input, unused: chain.unused.length },
    });
  }
  if (chain.duplicates.length > 0) {
    messages.warn(`left out ${chain.duplicates.length} duplicate certificate(s): ${chain.duplicates.map((certificate) => `"${subjectOf(certificate)}"`).join(', ')}`);
  }
  if (chain.reordered) messages.note('the input lists the certificates in another order; the parameters have them leaf first');
  if (keyCount > 0) {
    messages.note(`left out ${keyCount} private key(s) found in the input; binding parameters never carry a key`);
    if (!material.privateKeys.some((key) => keysMatch(chain.path[0]!.x509, key.keyObject))) {
      messages.warn('the private key in the input does not belong to the client certificate; check that you give S/4HANA the matching key');
    }
  }
  return chain.path;
}

function reportChecks(check: ChainCheck, messages: Messages): void {
  for (const finding of check.findings) messages.warn(finding.message);
  if (check.anchor.severity === 'warning') messages.warn(check.anchor.message);
  else messages.note(check.anchor.message);
}

function row(label: string, value: string): string {
  return `  ${`${label}:`.padEnd(21)}${value}`;
}

/** Reads the written file back and runs the round trip on its bytes; removes the file when that fails. */
async function verifyWrittenFile(path: string, ders: Uint8Array[], service: BindingParamsOptions['service']) {
  const written = await readFile(path, 'utf8');
  try {
    return verifyBindingParametersRoundTrip(written, ders, service);
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

function roleOf(certificate: Certificate, index: number): string {
  if (index === 0) return 'leaf';
  return isSelfSigned(certificate) ? 'root' : 'intermediate';
}
