import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { buildS4Sheet } from '../../src/s4/build-sheet.ts';
import { renderS4Sheet } from '../../src/s4/render.ts';
import { createTempDir } from '../helpers/temp-dir.ts';
import { realisticInput } from './fixtures.ts';

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

test('html sheet in headless Chromium', async (t) => {
  if (!existsSync(chromiumPath)) {
    const message = `SKIPPED: ${chromiumPath} is not installed, so the HTML sheet was not checked in a browser`;
    console.log(message);
    t.skip(message);
    return;
  }
  const { chromium } = await import('playwright-core');

  const sheet = buildS4Sheet(realisticInput());
  const folder = await createTempDir();
  const file = join(folder, 'sheet.html');
  await writeFile(file, renderS4Sheet(sheet, 'html'));
  const pageUrl = pathToFileURL(file).href;

  const context = await chromium.launchPersistentContext(await createTempDir('aicore-mtls-chromium-'), {
    executablePath: chromiumPath,
    args: chromiumArgs,
    viewport: { width: 1280, height: 900 },
  });
  t.after(() => context.close());
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const problems: string[] = [];
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(pageUrl);

  await t.test('script and style run', async () => {
    assert.equal(await page.locator('#progress-text').textContent(), `0 of ${sheet.steps.length} steps done`);
    const fontFamily = await page.evaluate(() => getComputedStyle(document.querySelector('code.value')!).fontFamily);
    assert.match(fontFamily, /monospace/);
    assert.deepEqual(problems, []);
  });

  await t.test('copy buttons copy exact values', async () => {
    await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
    const buttons = page.locator('button.copy');
    const count = await buttons.count();
    assert.ok(count >= 30, `only ${count} copy buttons`);
    const pems = sheet.steps.flatMap((step) => step.attachments);
    for (let index = 0; index < count; index += 1) {
      const button = buttons.nth(index);
      const fieldId = await button.evaluate((element) => element.closest('[data-field]')?.getAttribute('data-field') ?? null);
      const targetId = await button.getAttribute('data-target');
      const expected = fieldId ? sheet.values[fieldId] : pems.find((attachment) => `v-${attachment.id.replace(/[^A-Za-z0-9]+/g, '-')}` === targetId)?.text;
      assert.ok(expected !== undefined, `no expected value for button ${index} (${fieldId ?? targetId})`);
      await button.click();
      await page.waitForFunction((element) => element.classList.contains('copied') || element.classList.contains('failed'), await button.elementHandle());
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, expected, `button for ${fieldId ?? targetId}`);
      assert.equal(await button.textContent(), 'Copied');
    }
  });

  await t.test('step checkbox persists', async () => {
    await page.locator('input[data-step="strust-identity"]').check();
    assert.equal(await page.locator('#progress-text').textContent(), `1 of ${sheet.steps.length} steps done`);
    assert.equal(await page.locator('#step-strust-identity').getAttribute('class'), 'step is-done');
    await page.reload();
    assert.equal(await page.locator('input[data-step="strust-identity"]').isChecked(), true);
    assert.equal(await page.locator('#progress-text').textContent(), `1 of ${sheet.steps.length} steps done`);
  });

  const screenshots = await mkdtemp(join(tmpdir(), 'aicore-mtls-s4-sheet-'));
  for (const width of [1280, 800]) {
    await t.test(`no horizontal overflow at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
      const overflow = await page.evaluate(() => {
        const found: string[] = [];
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth) found.push(`document ${root.scrollWidth} > ${root.clientWidth}`);
        for (const element of Array.from(document.querySelectorAll<HTMLElement>('.value, .value-cell, td'))) {
          if (element.scrollWidth > element.clientWidth) found.push(`${element.id || element.className} ${element.scrollWidth} > ${element.clientWidth}`);
        }
        return found;
      });
      assert.deepEqual(overflow, []);
      const path = join(screenshots, `s4-sheet-${width}.png`);
      await page.screenshot({ path, fullPage: true });
      t.diagnostic(`screenshot: ${path}`);
      console.log(`screenshot: ${path}`);
    });
  }

  await t.test('page makes no network request', async () => {
    assert.deepEqual(
      requests.filter((url) => url !== pageUrl),
      [],
    );
    assert.ok(requests.length >= 2, 'the page loads were not observed');
    assert.deepEqual(problems, []);
  });
});
