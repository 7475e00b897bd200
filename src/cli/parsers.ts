import { InvalidArgumentError } from "commander";
import { formatDuration, parseDuration } from "../core/duration.js";

/** A commander parser for a duration option ("10s", "2m") within [min, max] seconds. */
export function duration(name: string, min: number, max: number) {
  return (text: string): number => {
    const seconds = parseDuration(text);
    if (seconds === null)
      throw new InvalidArgumentError(`${name} must be a duration like 10s, 2m or 1h`);
    if (seconds < min || seconds > max) {
      const [lo, hi] = [formatDuration(min), formatDuration(max)];
      throw new InvalidArgumentError(`${name} must be between ${lo} and ${hi}`);
    }
    return seconds;
  };
}

/** A commander parser for a number within [min, max], explained as `what` when wrong. */
export function numberIn(what: string, min: number, max: number, integer = false) {
  return (text: string): number => {
    const value = Number(text);
    if (
      text.trim() === "" ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      throw new InvalidArgumentError(what);
    }
    return value;
  };
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export { UsageError } from "../core/errors.js";
