import { setFlagsFromString } from "node:v8";

/**
 * Keeps memory flat over a week of following: the young generation stays at its first size and
 * the old one grows by 10 % over what survives a collection (the defaults let both balloon to
 * several times the live data). V8 puts the growth factor back to its default whenever it sets
 * up a new isolate, so this is applied at start and again once a worker thread runs.
 */
export function keepHeapSmall(): void {
  setFlagsFromString("--semi-space-growth-factor=1 --heap-growing-percent=10");
}
