/** Position of the first syntax error in a JSON text; lines and columns count from 1. */
export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  /** Description of the problem found there, without quoting the input. */
  problem: string;
}

/**
 * Finds the first JSON syntax error in `text`, or returns undefined for valid JSON.
 *
 * Node 20's JSON.parse reports no position, and its message quotes the input, which may
 * contain a client secret. This scanner reports line and column instead and never echoes
 * content.
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.skipWhitespace();
    scanner.value(0);
    scanner.skipWhitespace();
    if (scanner.position < text.length) scanner.fail('unexpected content after the end of the JSON value');
    return undefined;
  } catch (error) {
    if (error instanceof ScanError) return locate(text, error.offset, error.message);
    throw error;
  }
}

class ScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const maxDepth = 512;

class Scanner {
  position = 0;

  constructor(private readonly text: string) {}

  fail(problem: string, offset = this.position): never {
    throw new ScanError(problem, offset);
  }

  skipWhitespace(): void {
    while (this.position < this.text.length && ' \t\n\r'.includes(this.text[this.position]!)) this.position += 1;
  }

  value(depth: number): void {
    if (depth > maxDepth) this.fail('nesting is too deep');
    const char = this.text[this.position];
    if (char === undefined) this.fail('unexpected end of the text; a value is missing or a bracket is not closed');
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return this.string();
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.position)) {
        this.position += literal.length;
        return;
      }
    }
    if (char === "'") this.fail('strings must use double quotes, not single quotes');
    this.fail(`unexpected character ${describe(char)} where a value was expected`);
  }

  object(depth: number): void {
    this.position += 1;
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position += 1;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] === '}') this.fail('trailing comma before "}"');
      if (this.text[this.position] !== '"') this.fail(`expected a field name in double quotes, found ${describe(this.text[this.position])}`);
      this.string();
      this.skipWhitespace();
      if (this.text[this.position] !== ':') this.fail(`expected ":" after the field name, found ${describe(this.text[this.position])}`);
      this.position += 1;
      this.skipWhitespace();
      this.value(depth + 1);
      this.skipWhitespace();
      const next = this.text[this.position];
      if (next === ',') {
        this.position += 1;
        continue;
      }
      if (next === '}') {
        this.position += 1;
        return;
      }
      this.fail(`expected "," or "}" after a field value, found ${describe(next)} (a comma may be missing)`);
    }
  }

  array(depth: number): void {
    this.position += 1;
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position += 1;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] === ']') this.fail('trailing comma before "]"');
      this.value(depth + 1);
      this.skipWhitespace();
      const next = this.text[this.position];
      if (next === ',') {
        this.position += 1;
        continue;
      }
      if (next === ']') {
        this.position += 1;
        return;
      }
      this.fail(`expected "," or "]" after an array element, found ${describe(next)}`);
    }
  }

  string(): void {
    const start = this.position;
    this.position += 1;
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) this.fail('a string is not closed (missing double quote)', start);
      if (char === '"') {
        this.position += 1;
        return;
      }
      if (char === '\\') {
        const escape = this.text[this.position + 1];
        if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          this.position += 2;
          continue;
        }
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.position + 2, this.position + 6))) {
          this.position += 6;
          continue;
        }
        this.fail('invalid escape sequence in a string');
      }
      if (char < ' ') {
        this.fail(
          char === '\n'
            ? 'a line break inside a string; multi-line values (PEM) must be written with "\\n" escapes'
            : 'a control character inside a string',
        );
      }
      this.position += 1;
    }
  }

  number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.position, this.position + 400));
    if (!match || match[0] === '-') this.fail('invalid number');
    this.position += match[0].length;
  }
}

function describe(char: string | undefined): string {
  if (char === undefined) return 'the end of the text';
  if (char === '\n') return 'a line break';
  // Only structural characters are named; letters and digits could be part of a secret.
  if ('{}[]:,"\''.includes(char)) return `"${char}"`;
  return 'other text';
}

function locate(text: string, offset: number, problem: string): JsonErrorLocation {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text[index] === '\n') {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1, problem };
}
