import { dirname, resolve } from 'node:path';

import { FileExistsError, UsageError } from '../../../errors.ts';
import { writeFileAtomic } from '../../../fs/atomic-write.ts';
import { buildS4Sheet } from '../../../s4/build-sheet.ts';
import { sha256Hex } from '../../../s4/certificate-summary.ts';
import { formatFromFileName, renderS4Sheet, type SheetFormat } from '../../../s4/render.ts';
import { sheetToJson } from '../../../s4/render-json.ts';
import { writeRootFiles, type WrittenRootFile } from '../../../s4/root-files.ts';
import { exitCodes } from '../../exit-codes.ts';
import type { Output } from '../../output.ts';
import { sheetInputFromOptions, type SheetInputOptions } from './sheet-input.ts';
import { pathExists } from '../../../fs/path-exists.ts';

export interface SheetCommandOptions extends SheetInputOptions {
  format?: SheetFormat;
  out?: string;
  force?: boolean;
  writeRoots?: string | true;
  json?: boolean;
}

/** Exit code when --probe failed for a host and the sheet fell back to the expected root. */
const probeFailedExit = 3;

export async function runSheet(options: SheetCommandOptions, output: Output): Promise<number> {
  const format = options.format ?? (options.out ? formatFromFileName(options.out) : undefined) ?? 'md';
  if (output.json && options.out === undefined && options.format !== undefined && options.format !== 'json') {
    throw new UsageError(`--json without --out prints the sheet as JSON, so --format ${options.format} has nowhere to go`, {
      fix: `Add --out FILE to write the ${options.format} sheet, or leave out --format.`,
    });
  }
  const rootFolder = rootFolderOf(options);
  if (options.out !== undefined && !options.force && (await pathExists(options.out))) throw new FileExistsError(options.out);

  const now = new Date();
  const { input, probeFailures } = await sheetInputFromOptions(options, now);
  let rootFiles: WrittenRootFile[] = [];
  if (rootFolder !== undefined) rootFiles = await writeRootFiles(input.roots, rootFolder, { overwrite: options.force === true });

  const sheet = buildS4Sheet(input);
  const text = renderS4Sheet(sheet, format);
  if (options.out !== undefined) {
    await writeFileAtomic(options.out, text, { mode: 0o644, overwrite: options.force === true });
  }

  for (const warning of sheet.warnings) output.warn(warning);
  for (const file of rootFiles) output.info(`${file.written ? 'wrote' : 'kept identical'} ${file.path}`);
  if (options.out !== undefined) output.info(`wrote the ${format} sheet to ${options.out}`);

  if (output.json) {
    output.result({
      ok: probeFailures.length === 0,
      format,
      out: options.out === undefined ? null : resolve(options.out),
      sha256: options.out === undefined ? null : sha256Hex(text),
      rootFiles: rootFiles.map((file) => ({ path: file.path, sha256: file.sha256, written: file.written })),
      probeFailures: probeFailures.map((failure) => failure.toJSON()),
      warnings: sheet.warnings,
      sheet: sheetToJson(sheet),
    });
  } else if (options.out === undefined) {
    output.text(text);
  }
  return probeFailures.length > 0 ? probeFailedExit : exitCodes.ok;
}

function rootFolderOf(options: SheetCommandOptions): string | undefined {
  if (options.writeRoots === undefined) return undefined;
  if (typeof options.writeRoots === 'string') return options.writeRoots;
  if (options.out === undefined) {
    throw new UsageError('--write-roots without a folder needs --out', { fix: 'Give the folder (--write-roots DIR) or add --out FILE; the roots then go next to the sheet.' });
  }
  return dirname(options.out);
}
