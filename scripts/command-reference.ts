// Writes docs/commands.md from the CLI's own --help text, so the reference cannot drift from it.
//   node --import tsx scripts/command-reference.ts           # rewrite docs/commands.md
//   node --import tsx scripts/command-reference.ts --check   # exit 1 when the file is stale
import type { Command } from '@commander-js/extra-typings';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { buildProgram } from '../src/cli/program.ts';

const target = fileURLToPath(new URL('../docs/commands.md', import.meta.url));

/** Renders the help of every command and subcommand as one Markdown page. */
export function renderCommandReference(): string {
  const program = buildProgram() as unknown as Command;
  const sections: string[] = [
    '# Command reference',
    '',
    'Generated from `aicore-mtls <command> --help` by `scripts/command-reference.ts`; a test fails when',
    'this page and the help text differ. Run `node --import tsx scripts/command-reference.ts` after',
    'changing a command.',
    '',
  ];
  const visit = (command: Command, path: string[]) => {
    let help = '';
    command.configureOutput({ writeOut: (text) => (help += text), writeErr: (text) => (help += text), getOutHelpWidth: () => 100, getErrHelpWidth: () => 100 });
    command.outputHelp();
    const title = path.length === 0 ? 'aicore-mtls' : `aicore-mtls ${path.join(' ')}`;
    sections.push(`## ${title}`, '', '```text', help.trimEnd(), '```', '');
    for (const child of command.commands as Command[]) {
      if (child.name() === 'help') continue;
      visit(child, [...path, child.name()]);
    }
  };
  visit(program, []);
  return `${sections.join('\n').trimEnd()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rendered = renderCommandReference();
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== rendered) {
      console.error('docs/commands.md is out of date; run: node --import tsx scripts/command-reference.ts');
      process.exitCode = 1;
    }
  } else {
    await writeFile(target, rendered);
    console.error(`wrote ${target}`);
  }
}
