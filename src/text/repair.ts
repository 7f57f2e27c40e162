/**
 * A change the reader made to the input text so that it could be read, reported to the user
 * with the likely cause. `code` is stable; `message` is one sentence for humans.
 */
export interface TextRepair {
  code: string;
  message: string;
}

/** Adds a repair unless one with the same code is already listed. */
export function addRepair(repairs: TextRepair[], repair: TextRepair): void {
  if (!repairs.some((existing) => existing.code === repair.code)) repairs.push(repair);
}
