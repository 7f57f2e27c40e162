// Constants the CLI needs while it registers its commands. This module has no imports, so that
// registration never loads `running.ts` and, through it, undici.

/** Folder the CLI uses when `--dir` is not given. */
export const defaultSandboxDir = '.aicore-mtls-sandbox';

/** Exit code of sandbox commands when no sandbox runs in the folder. */
export const notRunningExitCode = 3;
