// Runs every test/**/*.test.ts file with node:test through tsx, or the files given as arguments.
// Fails when no test ran, because node:test exits 0 when it finds nothing.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

async function findTests(folder) {
  const found = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await findTests(path)));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found.sort();
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await findTests('test');
if (files.length === 0) {
  console.error('error: no test files found under test/');
  process.exit(1);
}

const args = [
  '--import', 'tsx',
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 3}`,
  '--test-timeout=180000',
  ...files.map((file) => relative(process.cwd(), file)),
];
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });

let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});

child.on('close', (code) => {
  const count = (name) => Number(output.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const tests = count('tests');
  const passed = count('pass');
  const failed = count('fail');
  const skipped = count('skipped');
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (tests === 0) {
    console.error('error: no test ran');
    process.exit(1);
  }
  process.exit(code ?? 1);
});
