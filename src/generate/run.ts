import { setTimeout as sleep } from "node:timers/promises";
import type { Clock } from "../core/clock.js";
import type { LineGenerator } from "./generator.js";

/** Where generated text goes; write returns false when the reader wants a pause. */
export interface TextOutput {
  write(text: string): boolean;
  /** Resolves when writing may go on after write returned false. */
  drained(): Promise<void>;
}

/** Lines per write in --fast mode: big enough to be quick, small enough to stay responsive. */
export const FAST_CHUNK_LINES = 20_000;
/** How often real-time mode writes what has come due, ms. */
export const LIVE_TICK_MS = 20;

/** Writes every line as fast as the reader takes them (--fast). */
export async function writeFast(gen: LineGenerator, out: TextOutput): Promise<void> {
  let pending = out.write(gen.header());
  while (!gen.done) {
    if (!pending) await out.drained();
    const chunk = gen.until(Infinity, FAST_CHUNK_LINES);
    pending = chunk === "" || out.write(chunk);
  }
}

/**
 * Writes lines as their log time comes due by the clock: log time runs `speed` times as fast as
 * the wall clock from the moment this starts. Stops when the profile ends or `stopped()` says so.
 */
export async function writeLive(
  gen: LineGenerator,
  out: TextOutput,
  clock: Clock,
  speed: number,
  stopped: () => boolean = () => false,
): Promise<void> {
  const startMs = clock.nowMs();
  if (!out.write(gen.header())) await out.drained();
  while (!gen.done && !stopped()) {
    const chunk = gen.until(((clock.nowMs() - startMs) / 1000) * speed);
    if (chunk !== "" && !out.write(chunk)) await out.drained();
    await sleep(LIVE_TICK_MS);
  }
}
