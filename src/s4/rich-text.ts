/**
 * Inline text with code spans, so every renderer can escape and mark up values its own way.
 * Markdown needs backtick fences sized to the value, HTML needs entity escaping, and JSON
 * carries the Markdown form.
 */
export type TextRun = { text: string } | { code: string } | { strong: string };
export type RichText = readonly TextRun[];

/**
 * Builds rich text from a template literal: literal parts become plain text, and every
 * interpolated string or number becomes a code span, because interpolations in the sheet are
 * the values the admin types or compares. Wrap an interpolation in `plain()` or `strong()` to
 * override; an interpolated RichText is inserted as it is.
 */
export function rich(parts: TemplateStringsArray, ...values: Array<string | number | TextRun | RichText>): RichText {
  const runs: TextRun[] = [];
  parts.forEach((part, index) => {
    if (part !== '') runs.push({ text: part });
    if (index < values.length) {
      const value = values[index]!;
      if (Array.isArray(value)) runs.push(...(value as RichText));
      else runs.push(typeof value === 'object' ? (value as TextRun) : { code: String(value) });
    }
  });
  return runs;
}

export function plain(text: string): TextRun {
  return { text };
}

export function strong(text: string): TextRun {
  return { strong: text };
}

/** Renders rich text as Markdown: code spans get a fence longer than any backtick run inside. */
export function richToMarkdown(text: RichText): string {
  return text
    .map((run) => {
      if ('code' in run) return markdownCode(run.code);
      if ('strong' in run) return `**${escapeMarkdownText(run.strong)}**`;
      return escapeMarkdownText(run.text);
    })
    .join('');
}

/** Renders rich text as plain characters (no markup), for titles and search. */
export function richToPlain(text: RichText): string {
  return text
    .map((run) => {
      if ('code' in run) return run.code;
      if ('strong' in run) return run.strong;
      return run.text;
    })
    .join('');
}

/** Formats a Markdown code span that shows `value` exactly, whatever backticks it contains. */
export function markdownCode(value: string): string {
  if (value === '') return '` `';
  const longestRun = Math.max(0, ...[...value.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space on each side when both are present, so pad only when needed.
  const padded = value.startsWith('`') || value.endsWith('`') || (value.startsWith(' ') && value.endsWith(' ')) ? ` ${value} ` : value;
  return `${fence}${padded}${fence}`;
}

/**
 * Escapes the Markdown characters that could change the meaning of a plain-text run. An
 * underscore inside a word (`ISLM_REUSE_CFGV`) cannot start emphasis in CommonMark, so it stays
 * unescaped and the text reads cleanly in a terminal.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\\`*[\]<|]/g, '\\$&').replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEntities[character]!);
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function richToHtml(text: RichText): string {
  return text
    .map((run) => {
      if ('code' in run) return `<code>${escapeHtml(run.code)}</code>`;
      if ('strong' in run) return `<strong>${escapeHtml(run.strong)}</strong>`;
      return escapeHtml(run.text);
    })
    .join('');
}
