import { AicoreMtlsError, UsageError } from '../../../errors.ts';
import { inspectMaterial } from '../../../material/inspect.ts';
import { readMaterialFile } from '../../../material/index.ts';
import type { Output } from '../../output.ts';
import { passwordProviderFrom } from '../../password-options.ts';
import type { InspectOptions } from './inspect.ts';
import { renderReport } from './inspect-render.ts';
import { keyPasswordProvider } from './key-options.ts';

/** Reads the input (and `--key`), checks it and prints the report; returns the exit code. */
export async function runInspect(file: string, options: InspectOptions, output: Output): Promise<number> {
  const passwords = passwordProviderFrom(options);
  const keyPasswords = keyPasswordProvider(options, passwords);
  if (options.key === '-' && file === '-') {
    throw new UsageError('the input and --key cannot both be read from stdin', { fix: 'Give at least one of them as a file path.' });
  }

  const material = await readMaterialFile(file, { passwords });
  const extraKeys = [];
  if (options.key !== undefined) {
    const keyMaterial = await readMaterialFile(options.key, { passwords: keyPasswords });
    if (keyMaterial.privateKeys.length === 0) {
      throw new AicoreMtlsError('ERR_NO_PRIVATE_KEY', `--key ${options.key} contains no private key (only ${keyMaterial.certificates.length} certificate${keyMaterial.certificates.length === 1 ? '' : 's'})`, {
        fix: 'Give the file with the private key ("BEGIN PRIVATE KEY" or a PKCS#12 with a key).',
        details: { path: options.key },
      });
    }
    extraKeys.push(...keyMaterial.privateKeys);
    material.repairs.push(...keyMaterial.repairs.map((repair) => ({ ...repair, message: `${options.key}: ${repair.message}` })));
    material.warnings.push(...keyMaterial.warnings);
  }

  const report = inspectMaterial(material, { extraKeys, warnDays: options.warnDays });
  output.text(renderReport(report, file === '-' ? 'stdin' : file));
  output.result({ file: file === '-' ? 'stdin' : file, ...report });
  return report.summary.exitCode;
}
