import { needsQuoting, quotePath, type Shell } from './shell-quote.ts';

export interface BindingCommands {
  btp: string;
  cf: string;
}

const shellLabels: Record<Shell, string> = { bash: 'bash', cmd: 'cmd', powershell: 'PowerShell' };

/** Builds the btp and cf command lines that create a binding or service key from a parameters file. */
export function bindingCommands(parametersPath: string, shell: Shell = 'bash'): BindingCommands {
  const path = quotePath(parametersPath, shell);
  return {
    btp: `btp create services/binding --subaccount <SA_ID> --binding <NAME> --instance-name <INSTANCE> --parameters ${path}`,
    cf: `cf create-service-key <INSTANCE> <KEY> -c ${path}`,
  };
}

/**
 * Builds the lines that tell the user how to pass the parameters file to btp and cf. They always
 * use the file path, because inline JSON loses its quotes in cmd and PowerShell. A path that needs
 * quoting gets one line per shell, and a plain path gets one shared line and a quoting example.
 */
export function bindingInstructions(parametersPath: string): string[] {
  const lines = ['Create the binding from the file (pass the file path, never inline JSON: cmd and PowerShell break its quoting):'];
  if (needsQuoting(parametersPath)) {
    for (const shell of ['bash', 'cmd', 'powershell'] as const) {
      const commands = bindingCommands(parametersPath, shell);
      lines.push(`  ${shellLabels[shell]}:`, `    ${commands.btp}`, `    ${commands.cf}`);
    }
    return lines;
  }
  const commands = bindingCommands(parametersPath);
  lines.push(
    `  ${commands.btp}`,
    `  ${commands.cf}`,
    'These lines work unchanged in bash, cmd and PowerShell. A path with spaces needs quotes,',
    `  for example in PowerShell: --parameters 'C:\\SAP files\\${baseName(parametersPath)}'  (single quotes; double a ' inside the path)`,
  );
  return lines;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
