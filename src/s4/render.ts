import { UsageError } from '../errors.ts';
import { renderHtml } from './render-html.ts';
import { renderJson } from './render-json.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { S4Sheet } from './sheet-model.ts';

export const sheetFormats = ['md', 'html', 'json'] as const;
export type SheetFormat = (typeof sheetFormats)[number];

/** Renders the sheet as Markdown, a self-contained HTML page, or JSON. */
export function renderS4Sheet(sheet: S4Sheet, format: SheetFormat): string {
  switch (format) {
    case 'md':
      return renderMarkdown(sheet);
    case 'html':
      return renderHtml(sheet);
    case 'json':
      return renderJson(sheet);
  }
}

/** Parses a format name; accepts `markdown` and `htm` as aliases. */
export function parseSheetFormat(text: string): SheetFormat {
  const normalized = text.trim().toLowerCase();
  if (normalized === 'markdown') return 'md';
  if (normalized === 'htm') return 'html';
  if ((sheetFormats as readonly string[]).includes(normalized)) return normalized as SheetFormat;
  throw new UsageError(`invalid format "${text}"`, { fix: 'Use --format md, html or json.' });
}

/** Returns the format an output file name implies (`.html`, `.htm`, `.json`, `.md`), if any. */
export function formatFromFileName(path: string): SheetFormat | undefined {
  const match = /\.(md|markdown|html?|json)$/i.exec(path);
  return match ? parseSheetFormat(match[1]!) : undefined;
}
