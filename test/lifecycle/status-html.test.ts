import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { renderStatusHtml, type StatusReport } from '../../src/lifecycle/index.ts';

const report: StatusReport = {
  evaluatedAt: '2027-01-01T00:00:00.000Z',
  warnDays: 30,
  failDays: 7,
  verdict: 'BROKEN',
  exitCode: 5,
  landscapes: [
    {
      landscape: 'PRD',
      verdict: 'BROKEN',
      urgent: false,
      s4: { system: 'S4P', client: '100', identity: 'ISLM', certificate: null },
      btp: { certificateName: 'islm.pem', error: 'HTTP 404 <not found>' },
      pinning: 'unknown',
      findings: [{ verdict: 'BROKEN', message: 'cannot read <script>alert(1)</script>' }],
      warnings: [],
    },
  ],
};

test('status HTML escapes values', () => {
  const html = renderStatusHtml(report);
  assert.ok(!html.includes('<script>'), 'no raw markup from values');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /not recorded/);
});

test('status HTML style hash matches', () => {
  const html = renderStatusHtml(report);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const hash = /style-src 'sha256-([^']+)'/.exec(html)![1];
  assert.equal(hash, createHash('sha256').update(style).digest('base64'));
});
