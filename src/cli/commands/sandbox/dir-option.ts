import { defaultSandboxDir, notRunningExitCode } from '../../../sandbox/control/defaults.ts';

/** The `--dir` option every sandbox command shares. */
export const dirFlags = '--dir <dir>';
export const dirHelp = `sandbox folder (CA, keys, state, logs); default ./${defaultSandboxDir}`;
export const dirDefault = defaultSandboxDir;

/** Exit code for "no sandbox runs in this folder". */
export const notRunningCode = notRunningExitCode;
