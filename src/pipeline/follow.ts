import type { Clock } from "../core/clock.js";
import type { Ingest } from "../ingest/ingest.js";
import { ReadFailure, type FollowedInput, type Input } from "../input/input.js";
import { describeFsError } from "../source/errors.js";
import { LiveTime } from "../stats/live.js";
import type { Monitor } from "../stats/monitor.js";

/** How often log time is moved on by the wall clock and --idle-exit is checked, ms. */
export const TICK_MS = 250;

/** What a followed run works with. */
export interface FollowRun {
  inputs: Input[];
  monitor: Monitor;
  ingest: Ingest;
  clock: Clock;
  idleExitS: number | null;
  /** Resolves with the exit status of the first stop asked for (a signal, q). */
  stopAsked: Promise<number>;
  /** Inputs ended by themselves (stdin at EOF): ends the monitor and shows the end state. */
  endedByItself: () => Promise<number>;
  warn(message: string): void;
}

/**
 * Follows the inputs until a stop is asked, --idle-exit passes, or every input ends by itself
 * (stdin alone, at EOF); then stops reading. Resolves with the exit status; the caller ends the
 * monitor and writes the summary, unless endedByItself already did.
 */
export async function followInputs(run: FollowRun): Promise<{ status: number; ended: boolean }> {
  const { monitor, ingest, clock } = run;
  const live = new LiveTime(clock);
  let lastBytes = -1;
  let lastActivityMs = clock.nowMs();
  let idle: (status: number) => void = () => undefined;
  const idleExit = new Promise<number>((resolve) => (idle = resolve));
  const ticker = setInterval(() => {
    const bytes = ingest.bytesRead;
    if (bytes !== lastBytes) {
      lastBytes = bytes;
      lastActivityMs = clock.nowMs();
    }
    const now = live.now(monitor.lastLineTime, bytes);
    if (now !== null) monitor.tick(now);
    if (run.idleExitS !== null && clock.nowMs() - lastActivityMs >= run.idleExitS * 1000) idle(0);
  }, TICK_MS);

  const followed: FollowedInput[] = run.inputs.map((input) => input.follow());
  const ends = followed.map((f) => f.ended);
  let failed: (status: number) => void = () => undefined;
  const failure = new Promise<number>((resolve) => (failed = resolve));
  for (const end of ends) {
    end?.catch((err: unknown) => {
      run.warn(
        err instanceof ReadFailure ? err.message : `cannot read an input: ${describeFsError(err)}`,
      );
      failed(1);
    });
  }
  const byThemselves = ends.every((e) => e !== null)
    ? Promise.all(ends).then(() => "ended" as const)
    : new Promise<never>(() => undefined);
  const first = await Promise.race([run.stopAsked, idleExit, failure, byThemselves]);
  clearInterval(ticker);
  await Promise.all(followed.map((f) => f.stop()));
  if (first === "ended") return { status: await run.endedByItself(), ended: true };
  return { status: first, ended: false };
}
