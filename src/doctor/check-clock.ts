import { diagnose } from './doctor-diagnoses.ts';
import { emptyOutcome } from './findings.ts';
import type { XsuaaMetadata } from './read-xsuaa-metadata.ts';
import type { CheckOutcome, DoctorOnlineReport } from './types.ts';

/**
 * Compares the local clock with the `Date` header of XSUAA. The header has whole seconds and
 * the local time is the middle of the request, so the estimate is good to about a second plus
 * half the round trip. Tolerances are meant in tens of seconds.
 */
export function checkClock(metadata: XsuaaMetadata, toleranceSeconds: number): CheckOutcome & { clock?: DoctorOnlineReport['clock'] } {
  const outcome = emptyOutcome();
  if (metadata.serverDate === undefined) {
    outcome.notes.push(`clock: ${metadata.host} sent no usable Date header${metadata.error ? ` (${metadata.error})` : ''}, so the clock difference was not measured`);
    return outcome;
  }
  const local = new Date((metadata.localBefore.getTime() + metadata.localAfter.getTime()) / 2);
  const skewSeconds = Math.round((local.getTime() - metadata.serverDate.getTime()) / 1000);
  const clock = { serverDate: metadata.serverDate.toISOString(), localDate: local.toISOString(), skewSeconds, host: metadata.host };
  const direction = skewSeconds > 0 ? 'ahead of' : 'behind';
  const text = `the local clock (${clock.localDate}) is ${Math.abs(skewSeconds)} s ${direction} the Date header of ${metadata.host} (${clock.serverDate})`;
  if (Math.abs(skewSeconds) > toleranceSeconds) {
    outcome.diagnoses.push(diagnose('CLOCK_SKEW', [`${text}; the tolerance is ${toleranceSeconds} s`]));
  } else {
    outcome.passed.push(`clock: ${text}, within ${toleranceSeconds} s`);
  }
  return { ...outcome, clock };
}
