/**
 * Re-flows help descriptions for the terminal width. Descriptions are written as short source
 * lines, and commander wraps each source line on its own, so without this an 80-column
 * terminal shows alternating long and short lines.
 *
 * Lines without indentation are joined into paragraphs. An indented line (a list item or table
 * row) is joined with the more deeply indented lines that follow it, and wrapped with that
 * deeper indentation as its hanging indent. Blank lines stay.
 */
export function reflowHelpText(text: string, width: number): string {
  const lines = text.split('\n');
  const output: string[] = [];

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === '') {
      output.push('');
      continue;
    }

    const indent = indentOf(line);
    let joined = line.trimEnd();
    let hanging = indent;
    while (index + 1 < lines.length && continues(lines[index + 1]!, indent)) {
      index += 1;
      const next = lines[index]!;
      if (indent > 0 && hanging === indent) hanging = indentOf(next);
      joined += ` ${next.trim()}`;
    }
    output.push(...wrapLine(joined, width, indent === 0 ? 0 : hanging));
  }
  return output.join('\n');
}

function continues(next: string, indent: number): boolean {
  if (next.trim() === '') return false;
  const nextIndent = indentOf(next);
  if (indent === 0) return nextIndent === 0 && !/^([-*•]|\d+\.)\s/.test(next);
  return nextIndent > indent;
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/**
 * Wraps one logical line at word boundaries; continuation lines get `hanging` spaces. Spacing
 * inside the first line (the padding of a table row) is kept.
 */
function wrapLine(line: string, width: number, hanging: number): string[] {
  if (line.length <= width) return [line];
  const chunks = line.match(/\s*\S+/g) ?? [];
  const wrapped: string[] = [];
  let current = '';
  for (const chunk of chunks) {
    if (current.trim() !== '' && current.length + chunk.length > width) {
      wrapped.push(current);
      current = ' '.repeat(hanging) + chunk.trimStart();
    } else {
      current += chunk;
    }
  }
  wrapped.push(current);
  return wrapped;
}
