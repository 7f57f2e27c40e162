import { AicoreMtlsError, UsageError } from '../../../errors.ts';
import { readMaterialFile } from '../../../material/index.ts';
import { keysMatch } from '../../../keys/match.ts';
import { describeKey, publicKeyFingerprint } from '../../../keys/public-key.ts';
import { certificateFields } from '../../../x509/certificate.ts';
import { formatName } from '../../../x509/name.ts';
import type { Output } from '../../output.ts';
import { passwordProviderFrom } from '../../password-options.ts';
import { keyPasswordProvider } from './key-options.ts';
import type { MatchOptions } from './match.ts';

/** Compares every private key in `keyPath` with every certificate in `certPath`; exit 0 when each key matches one. */
export async function runMatch(certPath: string, keyPath: string, options: MatchOptions, output: Output): Promise<number> {
  if (certPath === '-' && keyPath === '-') {
    throw new UsageError('<cert> and <key> cannot both be read from stdin', { fix: 'Give at least one of them as a file path.' });
  }
  const passwords = passwordProviderFrom(options);
  const certMaterial = await readMaterialFile(certPath, { passwords });
  const keyMaterial = await readMaterialFile(keyPath, { passwords: keyPasswordProvider(options, passwords) });

  if (certMaterial.certificates.length === 0) {
    const keyCount = certMaterial.privateKeys.length;
    const contents = keyCount > 0 ? ` (only ${keyCount} private key${keyCount === 1 ? '' : 's'})` : '';
    throw new AicoreMtlsError('ERR_NO_CERTIFICATE', `${certPath} contains no certificate${contents}`, {
      fix: 'Give the certificate file first and the key file second: aicore-mtls cert match CERT KEY.',
      details: { path: certPath },
    });
  }
  if (keyMaterial.privateKeys.length === 0) {
    throw new AicoreMtlsError('ERR_NO_PRIVATE_KEY', `${keyPath} contains no private key (only ${keyMaterial.certificates.length} certificate${keyMaterial.certificates.length === 1 ? '' : 's'})`, {
      fix: 'Give the file with the private key as the second argument ("BEGIN PRIVATE KEY", or a PKCS#12 with a key).',
      details: { path: keyPath },
    });
  }

  const certificates = certMaterial.certificates.map((certificate, position) => ({
    index: position + 1,
    subject: formatName(certificateFields(certificate).subject),
    publicKeyFingerprint256: publicKeyFingerprint(certificate.x509),
  }));
  const keys = keyMaterial.privateKeys.map((key, position) => ({
    index: position + 1,
    origin: key.origin,
    keyType: describeKey(key.keyObject).text,
    publicKeyFingerprint256: publicKeyFingerprint(key.keyObject),
    matchesCertificates: certMaterial.certificates.flatMap((certificate, index) => (keysMatch(certificate.x509, key.keyObject) ? [index + 1] : [])),
  }));
  const match = keys.every((key) => key.matchesCertificates.length > 0);

  const lines: string[] = [];
  for (const key of keys) {
    lines.push(`private key [${key.index}] (${key.keyType}) from ${key.origin}`, `  public key SHA-256 ${key.publicKeyFingerprint256}`);
  }
  for (const certificate of certificates) {
    const matching = keys.filter((key) => key.matchesCertificates.includes(certificate.index)).map((key) => `[${key.index}]`);
    lines.push(
      `certificate [${certificate.index}] ${certificate.subject}`,
      `  public key SHA-256 ${certificate.publicKeyFingerprint256}: ${matching.length > 0 ? `matches private key ${matching.join(', ')}` : 'no match'}`,
    );
  }
  for (const key of keys) {
    const target = key.matchesCertificates.map((index) => `[${index}] ${certificates[index - 1]!.subject}`).join('; ');
    lines.push(key.matchesCertificates.length > 0 ? `Result: private key [${key.index}] belongs to certificate ${target}` : `Result: private key [${key.index}] matches NO certificate in ${certPath}`);
  }
  output.text(lines.join('\n'));
  output.result({ match, certificates, privateKeys: keys, repairs: [...certMaterial.repairs, ...keyMaterial.repairs], warnings: [...certMaterial.warnings, ...keyMaterial.warnings] });
  return match ? 0 : 3;
}
