import { CredentialsError } from './errors.ts';

/** The parts of a Kubernetes Secret manifest that hold credentials. */
export interface YamlSecret {
  kind?: string;
  name?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  /** Line number (from 1) of each key under `data` and `stringData`, as `data.clientid`. */
  lines: Record<string, number>;
}

interface Line {
  number: number;
  indent: number;
  content: string;
}

/**
 * Reads a Kubernetes Secret written as YAML (`kubectl get secret NAME -o yaml`).
 *
 * This is deliberately not a general YAML parser: it reads top-level `kind`, `metadata.name`,
 * and the flat string maps `data` and `stringData`, whose values may be plain, quoted or `|`/`>`
 * block scalars. Every other top-level section is skipped. Anchors, aliases, tags, flow
 * collections and several documents are rejected with a pointer to the JSON form, so that no
 * construct is ever misread.
 */
export function parseYamlSecret(text: string, origin: string): YamlSecret {
  const lines = toLines(text, origin);
  const secret: YamlSecret = { lines: {} };

  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.indent !== 0) unsupported(origin, line, 'unexpected indentation at the top level');
    const { key, rest } = splitKey(line, origin);
    const childIndex = index + 1;
    let end = childIndex;
    while (end < lines.length && lines[end]!.indent > 0) end += 1;
    const children = lines.slice(childIndex, end);

    if (key === 'kind') secret.kind = scalar(rest, line, origin);
    if (key === 'metadata') secret.name = readMetadataName(children, origin);
    if (key === 'data' || key === 'stringData') {
      if (rest !== '' && rest !== '{}') unsupported(origin, line, `"${key}" must be a block of "name: value" lines`);
      const map = readStringMap(children, origin, key, secret.lines);
      secret[key] = map;
    }
    index = end;
  }
  return secret;
}

function toLines(text: string, origin: string): Line[] {
  const result: Line[] = [];
  let documentStarts = 0;
  text.split('\n').forEach((raw, position) => {
    const number = position + 1;
    if (raw.includes('\t') && /^\s*\t/.test(raw)) unsupported(origin, { number, indent: 0, content: raw }, 'tabs are not allowed for indentation in YAML');
    const content = raw.trimEnd();
    const trimmed = content.trimStart();
    if (trimmed === '' ) {
      result.push({ number, indent: -1, content: '' });
      return;
    }
    if (trimmed.startsWith('#') && content.indexOf('#') === content.length - trimmed.length) return;
    if (trimmed === '---' && content === '---') {
      documentStarts += 1;
      if (documentStarts > 1 || result.some((line) => line.indent >= 0)) {
        unsupported(origin, { number, indent: 0, content }, 'the file holds several YAML documents');
      }
      return;
    }
    if (trimmed === '...') return;
    result.push({ number, indent: content.length - trimmed.length, content: trimmed });
  });
  // Blank lines only matter inside block scalars; give them the indentation of the next line.
  for (let index = result.length - 1; index >= 0; index -= 1) {
    if (result[index]!.indent === -1) {
      const next = result.slice(index + 1).find((line) => line.indent >= 0);
      result[index]!.indent = next ? next.indent : 0;
      if (!next) result.splice(index, 1);
    }
  }
  while (result.length > 0 && result[0]!.content === '') result.shift();
  return result;
}

function splitKey(line: Line, origin: string): { key: string; rest: string } {
  const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:#'"&*!|>{}[\],-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?:\s+(.*))?$/.exec(line.content);
  if (!match) unsupported(origin, line, 'expected "name: value"');
  let key = match[1]!;
  if (key.startsWith('"')) key = JSON.parse(key) as string;
  else if (key.startsWith("'")) key = key.slice(1, -1).replace(/''/g, "'");
  return { key, rest: (match[2] ?? '').trim() };
}

function readMetadataName(children: Line[], origin: string): string | undefined {
  if (children.length === 0) return undefined;
  const indent = children[0]!.indent;
  for (const child of children) {
    if (child.indent !== indent || child.content.startsWith('- ')) continue;
    const { key, rest } = splitKey(child, origin);
    if (key === 'name' && rest !== '') return scalar(rest, child, origin);
  }
  return undefined;
}

function readStringMap(children: Line[], origin: string, section: string, lineNumbers: Record<string, number>): Record<string, string> {
  const map: Record<string, string> = {};
  if (children.length === 0) return map;
  const indent = children[0]!.indent;
  let index = 0;
  while (index < children.length) {
    const line = children[index]!;
    if (line.indent !== indent) unsupported(origin, line, `inconsistent indentation under "${section}"`);
    const { key, rest } = splitKey(line, origin);
    let end = index + 1;
    while (end < children.length && children[end]!.indent > indent) end += 1;
    const nested = children.slice(index + 1, end);

    if (/^[|>][+-]?$/.test(rest)) {
      map[key] = blockScalar(rest, nested);
    } else if (rest === '') {
      if (nested.length > 0) unsupported(origin, line, `"${section}.${key}" must be a string, not a nested map or list`);
      map[key] = '';
    } else {
      const first = scalar(rest, line, origin);
      // A plain scalar may continue on more-indented lines; YAML joins them with spaces.
      map[key] = nested.length > 0 ? [first, ...nested.map((item) => item.content)].join(' ') : first;
    }
    lineNumbers[`${section}.${key}`] = line.number;
    index = end;
  }
  return map;
}

function blockScalar(indicator: string, lines: Line[]): string {
  if (lines.length === 0) return '';
  const indent = Math.min(...lines.filter((line) => line.content !== '').map((line) => line.indent));
  const texts = lines.map((line) => (line.content === '' ? '' : ' '.repeat(line.indent - indent) + line.content));
  let body = indicator.startsWith('>') ? texts.join('\n').replace(/([^\n])\n(?=[^\n ])/g, '$1 ') : texts.join('\n');
  if (indicator.endsWith('-')) body = body.replace(/\n+$/, '');
  else if (indicator.endsWith('+')) body += '\n';
  else body = body.replace(/\n+$/, '') + '\n';
  return body;
}

function scalar(text: string, line: Line, origin: string): string {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) unsupported(origin, line, 'a double-quoted value is not closed on its line');
    try {
      return JSON.parse(text) as string;
    } catch {
      unsupported(origin, line, 'a double-quoted value uses escapes this reader does not support');
    }
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) unsupported(origin, line, 'a single-quoted value is not closed on its line');
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (/^[&*!{[]/.test(text)) unsupported(origin, line, 'anchors, aliases, tags and flow collections are not supported');
  return text.replace(/\s+#.*$/, '');
}

function unsupported(origin: string, line: Line, problem: string): never {
  throw new CredentialsError('ERR_CREDENTIALS_YAML_UNSUPPORTED', `${origin}, line ${line.number}: ${problem}`, {
    fix: 'Export the secret as JSON instead: kubectl get secret NAME -o json > secret.json',
    details: { origin, line: line.number },
  });
}
