import { AicoreMtlsError } from '../errors.ts';
import type { TokenCache } from '../xsuaa/index.ts';
import type { SetupEvent, SetupOptions, SetupStepName } from './options.ts';
import { saveSetupState, type SetupState } from './state.ts';

/** Shared state of the steps of one setup run: the options, the state file and progress reporting. */
export interface SetupContext {
  options: SetupOptions;
  state: SetupState;
  /** True when the state file existed before this run, so this run continues an earlier one. */
  resumed: boolean;
  /** SHA-256 of the client certificate an earlier run recorded, if any. */
  previousCertificateSha256: string | undefined;
  tokenCache: TokenCache;
  emit(step: SetupStepName, status: SetupEvent['status'], message: string): void;
  /** Writes the state file atomically. */
  save(): Promise<void>;
  /** Throws when the run was interrupted (Ctrl-C); called between steps and polls. */
  checkAborted(): void;
}

export function createSetupContext(options: SetupOptions, state: SetupState, resumed: boolean, tokenCache: TokenCache): SetupContext {
  return {
    options,
    state,
    resumed,
    previousCertificateSha256: state.certificate?.sha256 || undefined,
    tokenCache,
    emit(step, status, message) {
      options.onEvent?.({ step, status, message });
    },
    save: () => saveSetupState(options.outDir, state),
    checkAborted() {
      if (options.signal?.aborted) {
        throw new AicoreMtlsError('ERR_INTERRUPTED', 'setup was interrupted; the state file records every finished step', {
          fix: 'Run the same setup command again to continue where it stopped.',
          exitCode: 130,
        });
      }
    },
  };
}
