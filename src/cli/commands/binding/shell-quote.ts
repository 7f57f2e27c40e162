/** Shells the printed instructions cover. */
export type Shell = 'bash' | 'cmd' | 'powershell';

/**
 * Characters each shell passes through unquoted. Backslash is an escape in bash; `,` and `=`
 * separate arguments in cmd; `,` builds an array and `@` starts splatting in PowerShell.
 */
const plain: Record<Shell, RegExp> = {
  bash: /^[A-Za-z0-9_\-.,/:@+=%]+$/,
  cmd: /^[A-Za-z0-9_\-./\\:@+]+$/,
  powershell: /^[A-Za-z0-9_\-./\\:+]+$/,
};

/**
 * Quotes a file path as one argument for a shell. Paths of plain characters stay as they are.
 * bash and PowerShell get single quotes (no expansion inside; a quote in the path is escaped);
 * cmd gets double quotes, which Windows paths never contain.
 */
export function quotePath(path: string, shell: Shell): string {
  if (plain[shell].test(path)) return path;
  if (shell === 'bash') return `'${path.replace(/'/g, `'\\''`)}'`;
  if (shell === 'powershell') return `'${path.replace(/'/g, "''")}'`;
  return `"${path}"`;
}

/** True when at least one shell needs the path quoted. */
export function needsQuoting(path: string): boolean {
  return (['bash', 'cmd', 'powershell'] as const).some((shell) => quotePath(path, shell) !== path);
}
