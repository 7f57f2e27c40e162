/** Exit codes shared by every command. Commands document their own codes from 3 upwards. */
export const exitCodes = {
  ok: 0,
  failed: 1,
  usage: 2,
} as const;

/** The EXIT CODES section that every command's help ends with, plus its own codes. */
export function exitCodeHelp(extra: Record<number, string> = {}): string {
  const rows: Array<[number, string]> = [
    [0, 'success'],
    [1, 'the operation or a check failed'],
    [2, 'usage error: unknown option, missing argument, invalid value'],
    ...Object.entries(extra).map(([code, text]) => [Number(code), text] as [number, string]),
  ];
  return ['', '', 'Exit codes:', ...rows.map(([code, text]) => `  ${String(code).padEnd(3)} ${text}`)].join('\n');
}
