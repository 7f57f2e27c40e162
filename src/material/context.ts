import type { PasswordProvider } from '../password.ts';

/** State passed down while reading nested inputs (a Destination object whose Content is a PEM, and so on). */
export interface ReadContext {
  passwords: PasswordProvider;
  /** How many containers deep the current input is; 0 for the input itself. */
  depth: number;
}

/** Containers nest at most this deep in real inputs (JSON → base64 Content → PEM); more means a loop of encodings. */
export const maxNestingDepth = 4;
