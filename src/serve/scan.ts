import { setImmediate as nextTurn } from "node:timers/promises";
import type { LinesAnswer, LineStore, StoredLine } from "./store.js";

/** Work between two pauses of a scan: an entry looked at costs 1, a line read back 32. */
const SLICE_WORK = 32_768;

/**
 * The store's lines with from ≤ time < to that match `match`, oldest first; at most `limit`, the
 * newest ones when `newest` (the tail of a log), else the oldest (an alert's context from its
 * start). A generator that pauses after each slice of work (a few ms), so that a scan of a full
 * store (millions of lines read back from their files) can run a slice per turn of the event
 * loop without holding reading up. Lines dropped while it pauses are passed over (newest first,
 * the scan ends there); `oldest` says where the store then begins.
 */
export function* scanLines(
  store: LineStore,
  from: number,
  to: number,
  match: RegExp | null,
  limit: number,
  newest: boolean,
): Generator<void, LinesAnswer, void> {
  const out: StoredLine[] = [];
  let truncated = false;
  let gone = 0;
  let work = 0;
  const e = store.entries;
  // Entries by their number since the store began, so that drops while paused shift nothing.
  const first = e.dropped;
  const n = e.count;
  store.backing.forget();
  for (let j = 0; j < n; j++) {
    if (work >= SLICE_WORK) {
      yield;
      work = 0;
      store.backing.forget();
    }
    work++;
    let k = (newest ? first + n - 1 - j : first + j) - e.dropped;
    if (k < 0) {
      if (newest) break;
      j += -k;
      if (j >= n) break;
      k = 0;
    }
    const slot = e.slot(k);
    const time = e.times[slot] as number;
    if (time < from || time >= to) continue;
    work += 32;
    const line = store.textOf(slot);
    if (line === null) {
      gone++;
      continue;
    }
    if (match !== null && !match.test(line)) continue;
    if (out.length === limit) {
      truncated = true;
      break;
    }
    out.push({ time, input: store.inputName(e.inputs[slot] as number), line });
  }
  if (newest) out.reverse();
  const oldest = e.count === 0 ? null : (e.times[e.first] as number);
  return { lines: out, truncated, oldest, gone };
}

/** Runs a scan to its end at once. */
export function scanNow<T>(scan: Generator<void, T, void>): T {
  for (;;) {
    const step = scan.next();
    if (step.done === true) return step.value;
  }
}

/** Runs a scan a slice per turn of the event loop. */
export async function scanInTurns<T>(scan: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const step = scan.next();
    if (step.done === true) return step.value;
    await nextTurn();
  }
}
