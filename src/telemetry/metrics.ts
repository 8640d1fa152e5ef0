// The few numbers the help desk's alerts watch, as the code that knows them reports them. Nothing
// of OpenTelemetry is loaded here: until azure-monitor.ts installs its recorder (only when an
// Application Insights connection string is set) every call is a no-op. Attributes are short
// codes from fixed sets (a refusal's reason code, an HTTP method): never a person, a request id,
// a pass or a token.
export interface MetricsRecorder {
  /** A pass Graph created and the store recorded (request → issued). */
  passIssued(): void;
  /** An issuance that ended in `failed` (Graph refused, storage lost it, settled as not created). */
  issuanceFailed(code: string): void;
  /** A request or a decision refused by the rules or limits; one count per reason code. */
  refused(reason: string, stage: 'request' | 'decision'): void;
  /** Microsoft Graph answered 429. */
  graphThrottled(method: string): void;
  /** Requests waiting for an approver, as the last sweep counted them. */
  approvalsWaiting(count: number): void;
}

const NONE: MetricsRecorder = {
  passIssued() {},
  issuanceFailed() {},
  refused() {},
  graphThrottled() {},
  approvalsWaiting() {},
};

let recorder: MetricsRecorder = NONE;

/** Called by azure-monitor.ts once its meter exists; `null` goes back to recording nothing. */
export function setMetricsRecorder(next: MetricsRecorder | null): void {
  recorder = next ?? NONE;
}

/** What the app calls: forwards to the installed recorder, and never throws into a turn. */
export const metrics: MetricsRecorder = {
  passIssued: () => guard(() => recorder.passIssued()),
  issuanceFailed: (code) => guard(() => recorder.issuanceFailed(code)),
  refused: (reason, stage) => guard(() => recorder.refused(reason, stage)),
  graphThrottled: (method) => guard(() => recorder.graphThrottled(method)),
  approvalsWaiting: (count) => guard(() => recorder.approvalsWaiting(count)),
};

function guard(record: () => void): void {
  try {
    record();
  } catch {
    // A metric is never worth a failed turn.
  }
}
