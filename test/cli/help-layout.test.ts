import assert from 'node:assert/strict';
import { test } from 'node:test';

import { reflowHelpText } from '../../src/cli/help-layout.ts';

test('help paragraphs joined and wrapped', () => {
  const text = ['First sentence of a paragraph that was', 'written on short source lines.', '', 'Second paragraph.'].join('\n');
  assert.equal(reflowHelpText(text, 40), ['First sentence of a paragraph that was', 'written on short source lines.', '', 'Second paragraph.'].join('\n'));
  assert.equal(reflowHelpText(text, 200), ['First sentence of a paragraph that was written on short source lines.', '', 'Second paragraph.'].join('\n'));
});

test('help list items keep hanging indent', () => {
  const text = ['Steps:', '  1. get a client certificate from the', '     Destination service', '  2. check it'].join('\n');
  const reflowed = reflowHelpText(text, 30).split('\n');
  assert.deepEqual(reflowed, ['Steps:', '  1. get a client certificate', '     from the Destination', '     service', '  2. check it']);
  for (const line of reflowed) assert.ok(line.length <= 30, `line fits: ${line}`);
});

test('help bullets start new lines', () => {
  const text = ['Formats:', '- md for a terminal', '- html for a browser'].join('\n');
  assert.equal(reflowHelpText(text, 80), ['Formats:', '- md for a terminal', '- html for a browser'].join('\n'));
});
