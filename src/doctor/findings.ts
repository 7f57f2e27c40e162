import type { Diagnosis } from './diagnoses.ts';
import type { CheckOutcome } from './types.ts';

/** Returns an empty outcome to fill. */
export function emptyOutcome(): CheckOutcome {
  return { diagnoses: [], passed: [], notes: [] };
}

/**
 * Collects the outcomes of all checks. A code found by two checks (an expired certificate seen
 * offline and by the connection check) becomes one diagnosis with the evidence of both.
 */
export class Findings {
  readonly #diagnoses = new Map<string, Diagnosis>();
  readonly #passed: string[] = [];
  readonly #notes: string[] = [];

  add(outcome: Partial<CheckOutcome>): void {
    for (const diagnosis of outcome.diagnoses ?? []) this.addDiagnosis(diagnosis);
    for (const text of outcome.passed ?? []) if (!this.#passed.includes(text)) this.#passed.push(text);
    for (const text of outcome.notes ?? []) this.note(text);
  }

  addDiagnosis(diagnosis: Diagnosis): void {
    const existing = this.#diagnoses.get(diagnosis.code);
    if (existing === undefined) {
      this.#diagnoses.set(diagnosis.code, { ...diagnosis, evidence: [...new Set(diagnosis.evidence)] });
      return;
    }
    for (const line of diagnosis.evidence) if (!existing.evidence.includes(line)) existing.evidence.push(line);
  }

  note(text: string): void {
    if (!this.#notes.includes(text)) this.#notes.push(text);
  }

  has(code: string): boolean {
    return this.#diagnoses.has(code);
  }

  get(code: string): Diagnosis | undefined {
    return this.#diagnoses.get(code);
  }

  /** Removes a diagnosis and returns it, for a later check that explains or refutes it. */
  take(code: string): Diagnosis | undefined {
    const diagnosis = this.#diagnoses.get(code);
    this.#diagnoses.delete(code);
    return diagnosis;
  }

  /** Errors first, then warnings, each group in the order found. */
  diagnoses(): Diagnosis[] {
    const all = [...this.#diagnoses.values()];
    return [...all.filter((diagnosis) => diagnosis.severity === 'error'), ...all.filter((diagnosis) => diagnosis.severity !== 'error')];
  }

  passed(): string[] {
    return [...this.#passed];
  }

  notes(): string[] {
    return [...this.#notes];
  }
}
