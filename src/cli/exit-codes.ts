/** Exit codes shared by every command. Commands document their own codes from 3 upwards. */
export const exitCodes = {
  ok: 0,
  failed: 1,
  usage: 2,
} as const;

/**
 * Renders the EXIT CODES section that every command's help ends with. A command's own text for
 * 0, 1 or 2 replaces the shared one, so no code is listed twice.
 */
export function exitCodeHelp(extra: Record<number, string> = {}): string {
  const rows = new Map<number, string>([
    [0, 'success'],
    [1, 'the operation or a check failed'],
    [2, 'usage error: unknown option, missing argument, invalid value'],
  ]);
  for (const [code, text] of Object.entries(extra)) rows.set(Number(code), text);
  const lines = [...rows].sort(([a], [b]) => a - b).map(([code, text]) => `  ${String(code).padEnd(3)} ${text}`);
  return ['', '', 'Exit codes:', ...lines].join('\n');
}
