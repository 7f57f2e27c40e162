/** Verdicts from best to worst; the order decides which one a landscape gets. */
export const verdicts = ['OK', 'EXPIRING', 'RENEWED_NOT_IMPORTED', 'BROKEN', 'EXPIRED'] as const;
export type Verdict = (typeof verdicts)[number];

/** A certificate's identity and validity; dates are ISO 8601. */
export interface CertificateFacts {
  sha256: string;
  subject?: string;
  issuer?: string;
  notBefore?: string;
  notAfter?: string;
}

export interface Finding {
  verdict: Verdict;
  /** True when a certificate in use expires within --fail-days. */
  urgent?: boolean;
  message: string;
}

export interface VerdictInput {
  now: Date;
  warnDays: number;
  failDays: number;
  /** The certificate the Destination service holds now, or why it could not be read. */
  btp: CertificateFacts | { error: string };
  /** The certificate in S/4HANA's SSL client PSE, as last recorded with `s4 imported`. */
  s4?: CertificateFacts;
  pinning: boolean | 'unknown';
  /** The certificate registered in the binding (self-managed; the key's `certificate` field). */
  bindingCertificate?: CertificateFacts;
  /** An XSUAA-generated certificate in the SAP AI Core key; it expires on its own schedule. */
  xsuaaGenerated?: CertificateFacts;
  /** When the Destination service should have renewed (auto-renew on or unknown). */
  renewalAttemptAt?: Date;
  check?: { ok: boolean; detail: string } | { skipped: string };
}

const day = 86_400_000;

/** Evaluates the facts of one landscape into findings; the worst finding is the verdict. */
export function evaluateLandscape(input: VerdictInput): { verdict: Verdict; urgent: boolean; findings: Finding[] } {
  const findings: Finding[] = [];
  const add = (verdict: Verdict, message: string, urgent = false) => findings.push(urgent ? { verdict, message, urgent } : { verdict, message });

  if ('error' in input.btp) {
    add('BROKEN', `the client certificate cannot be read from the Destination service: ${input.btp.error}`);
  } else {
    const btp = input.btp;
    checkExpiry('the client certificate in the Destination service', btp, input, add);
    if (input.s4 === undefined) {
      add('OK', 'what S/4HANA holds is not recorded; record it with "aicore-mtls s4 imported" so that a missed re-import is detected');
    } else {
      compareWithS4(btp, input.s4, input, add);
    }
    const attempt = input.renewalAttemptAt;
    if (attempt && input.now.getTime() > attempt.getTime() + day && btp.notBefore !== undefined && new Date(btp.notBefore) < attempt) {
      add('EXPIRING', `the Destination service should have renewed the certificate on ${attempt.toISOString()} and has not; check AutomaticRenew and the subaccount's certificate events`);
    }
  }

  if (input.s4 !== undefined) checkExpiry('the certificate S/4HANA holds', input.s4, input, add);
  if (input.pinning === true && input.s4 !== undefined && input.bindingCertificate !== undefined && input.bindingCertificate.sha256 !== input.s4.sha256) {
    add('BROKEN', `the binding pins another certificate (SHA-256 ${input.bindingCertificate.sha256}) than the one S/4HANA presents; with certificate-pinning true XSUAA accepts only the pinned one: create a new binding or service key with the certificate S/4HANA holds`);
  }
  if (input.xsuaaGenerated !== undefined) {
    checkExpiry('the XSUAA-generated certificate of the SAP AI Core key', input.xsuaaGenerated, input, add, 'renew it by creating a new binding or service key (XSUAA-generated certificates are valid for at most 30 days)');
  }

  if (input.check !== undefined) {
    if ('skipped' in input.check) add('OK', `live check skipped: ${input.check.skipped}`);
    else if (input.check.ok) add('OK', `live check passed: ${input.check.detail}`);
    else add('BROKEN', `live check failed: ${input.check.detail}`);
  }

  const worst = findings.reduce((rank, finding) => Math.max(rank, verdicts.indexOf(finding.verdict)), 0);
  const verdict = verdicts[worst]!;
  const urgent = (verdict === 'EXPIRING' || verdict === 'RENEWED_NOT_IMPORTED') && findings.some((finding) => finding.urgent === true);
  return { verdict, urgent, findings };
}

type Add = (verdict: Verdict, message: string, urgent?: boolean) => void;

function checkExpiry(label: string, certificate: CertificateFacts, input: VerdictInput, add: Add, advice?: string): void {
  if (certificate.notAfter === undefined) return;
  const left = new Date(certificate.notAfter).getTime() - input.now.getTime();
  const days = Math.floor(Math.abs(left) / day);
  const suffix = advice ? `; ${advice}` : '';
  if (left <= 0) {
    add('EXPIRED', `${label} expired ${days} day(s) ago (notAfter ${certificate.notAfter})${suffix}`);
  } else if (left < input.failDays * day) {
    add('EXPIRING', `${label} expires in ${days} day(s) (notAfter ${certificate.notAfter}), within --fail-days ${input.failDays}${suffix}`, true);
  } else if (left < input.warnDays * day) {
    add('EXPIRING', `${label} expires in ${days} day(s) (notAfter ${certificate.notAfter}), within --warn-days ${input.warnDays}${suffix}`);
  }
}

function compareWithS4(btp: CertificateFacts, s4: CertificateFacts, input: VerdictInput, add: Add): void {
  if (s4.sha256 === btp.sha256) {
    add('OK', 'S/4HANA holds the certificate the Destination service holds');
    return;
  }
  if (s4.subject === undefined || s4.issuer === undefined || s4.notBefore === undefined) {
    add('BROKEN', `S/4HANA holds a certificate (SHA-256 ${s4.sha256}) that was never seen in the Destination service for this landscape; import the current one (SHA-256 ${btp.sha256})`);
    return;
  }
  const sameNames = s4.subject === btp.subject && s4.issuer === btp.issuer;
  const newer = btp.notBefore !== undefined && new Date(btp.notBefore) > new Date(s4.notBefore);
  if (!sameNames) {
    add('BROKEN', `S/4HANA holds a certificate with another subject or issuer than the one in the Destination service (S/4HANA: ${s4.subject} issued by ${s4.issuer}); import the current one (SHA-256 ${btp.sha256})`);
    return;
  }
  if (!newer) {
    add('BROKEN', `S/4HANA holds a certificate issued after the one in the Destination service (SHA-256 ${s4.sha256}); check which one the binding expects`);
    return;
  }
  const pinningNote =
    input.pinning === true
      ? ' The binding pins the old certificate (certificate-pinning true): the renewed one also needs a new binding or service key.'
      : input.pinning === false
        ? ' Do not test the renewed certificate against XSUAA before S/4HANA has it: its first use makes XSUAA reject the older one.'
        : '';
  add('RENEWED_NOT_IMPORTED', `the Destination service renewed the certificate (new SHA-256 ${btp.sha256}, notBefore ${btp.notBefore}) but S/4HANA still holds the old one (notAfter ${s4.notAfter ?? 'unknown'}); download it with "aicore-mtls renew" and re-import it in STRUST.${pinningNote}`);
}

/** Exit codes of `status`, by the worst verdict; an urgent EXPIRING or RENEWED_NOT_IMPORTED gets 7. */
export const statusExitCodes = { OK: 0, EXPIRING: 3, RENEWED_NOT_IMPORTED: 4, BROKEN: 5, EXPIRED: 6, urgent: 7 } as const;

/** Returns the exit code for a set of landscape results: the worst verdict wins, urgent ranks between RENEWED_NOT_IMPORTED and BROKEN. */
export function exitCodeFor(results: ReadonlyArray<{ verdict: Verdict; urgent: boolean }>): number {
  const ranks = ['OK', 'EXPIRING', 'RENEWED_NOT_IMPORTED', 'urgent', 'BROKEN', 'EXPIRED'] as const;
  let worst = 0;
  for (const result of results) {
    const key = result.urgent && (result.verdict === 'EXPIRING' || result.verdict === 'RENEWED_NOT_IMPORTED') ? 'urgent' : result.verdict;
    worst = Math.max(worst, ranks.indexOf(key));
  }
  return statusExitCodes[ranks[worst]!];
}
