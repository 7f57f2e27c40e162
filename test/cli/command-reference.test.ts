import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { renderCommandReference } from '../../scripts/command-reference.ts';

test('command reference matches --help', async () => {
  const current = await readFile(new URL('../../docs/commands.md', import.meta.url), 'utf8');
  const rendered = renderCommandReference();
  assert.ok(current === rendered, 'docs/commands.md is out of date: run "node --import tsx scripts/command-reference.ts"');
});

test('command reference covers every subcommand', () => {
  const rendered = renderCommandReference();
  for (const heading of ['## aicore-mtls setup', '## aicore-mtls check', '## aicore-mtls demo', '## aicore-mtls cert inspect', '## aicore-mtls s4 sheet', '## aicore-mtls sandbox start', '## aicore-mtls doctor']) {
    assert.ok(rendered.includes(`${heading}\n`), `missing section ${heading}`);
  }
});
