// Start-up registers only the top-level command that the command line names. These tests check
// that this leaves the output unchanged: the table matches the commands, every command's help is
// the same with one or all commands registered, and help and errors still list every command.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';

import { commandTable } from '../../src/cli/commands/index.ts';
import { buildProgram, selectCommands } from '../../src/cli/program.ts';
import { runCli } from '../helpers/run-cli.ts';

const argv = (...args: string[]) => ['node', 'aicore-mtls', ...args];
const allNames = commandTable.map((entry) => entry.name);

/** Returns the help text of a command and of every command below it, keyed by the full command path. */
function helpTexts(command: CommandUnknownOpts, path: string[] = []): Map<string, string> {
  const texts = new Map<string, string>();
  for (const child of command.commands) {
    const childPath = [...path, child.name()];
    texts.set(childPath.join(' '), child.helpInformation());
    for (const [key, text] of helpTexts(child, childPath)) texts.set(key, text);
  }
  return texts;
}

test('table names match registered names', () => {
  for (const entry of commandTable) {
    const parent = new Command();
    entry.register(parent);
    assert.deepEqual(
      parent.commands.map((command) => command.name()),
      [entry.name],
      `the table entry "${entry.name}" must register exactly one top-level command of that name`,
    );
  }
});

test('table names are unique', () => {
  assert.equal(new Set(allNames).size, allNames.length);
});

test('selectCommands cases', () => {
  const program = buildProgram([]);
  const cases: Array<{ args: string[]; expected: string[] }> = [
    { args: ['cert', 'inspect', 'file.pem'], expected: ['cert'] },
    { args: ['--verbose', 'cert', 'inspect'], expected: ['cert'] },
    { args: ['--debug', '--verbose', 'sandbox', 'start'], expected: ['sandbox'] },
    { args: ['cert', '--help'], expected: ['cert'] },
    { args: [], expected: allNames },
    { args: ['--help'], expected: allNames },
    { args: ['-h', 'cert'], expected: allNames },
    { args: ['--version'], expected: allNames },
    { args: ['help', 'cert'], expected: allNames },
    { args: ['certs', 'inspect'], expected: allNames },
    { args: ['--no-such-option', 'cert'], expected: allNames },
    { args: ['--verbose=1', 'cert'], expected: allNames },
    { args: ['--', 'cert'], expected: allNames },
  ];
  for (const { args, expected } of cases) {
    const names = selectCommands(program, commandTable, argv(...args)).map((entry) => entry.name);
    assert.deepEqual(names, expected, `argv: ${args.join(' ') || '(none)'}`);
  }
});

test('one command registered gives same help', () => {
  const full = helpTexts(buildProgram());
  for (const name of allNames) {
    const single = helpTexts(buildProgram(argv(name)));
    const expectedKeys = [...full.keys()].filter((key) => key === name || key.startsWith(`${name} `));
    assert.deepEqual([...single.keys()], expectedKeys, `commands under ${name}`);
    for (const key of expectedKeys) assert.equal(single.get(key), full.get(key), `help of "${key}"`);
  }
});

test('--help lists every command', async () => {
  const result = await runCli(['--help']);
  assert.equal(result.code, 0);
  for (const name of allNames) assert.match(result.stdout, new RegExp(`^  ${name} `, 'm'), `--help lists ${name}`);
});

test('unknown command suggests the closest', async () => {
  const result = await runCli(['certs', 'inspect']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown command 'certs'/);
  assert.match(result.stderr, /Did you mean cert\?/);
});

test('global flag before command works', async () => {
  const result = await runCli(['--verbose', 'cert', 'inspect', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Usage: aicore-mtls cert inspect/);
});
