/** One stretch of generated traffic. */
export interface Step {
  /** Requests per second of log time (may be fractional). */
  rate: number;
  /** Length in seconds of log time. */
  duration: number;
  /** Share of requests answered with a 5xx (0–1); a normal share when absent. */
  errorShare?: number;
  /** A section that takes half of the traffic during the step ("/api/checkout"). */
  hotSection?: string;
}

/** Share of 5xx answers outside incidents. */
export const NORMAL_ERROR_SHARE = 0.01;

/** Reasons a profile is wrong, for a one-line error. */
export class ProfileError extends Error {}

function checkStep(step: Step, where: string): Step {
  if (!Number.isFinite(step.rate) || step.rate < 0)
    throw new ProfileError(`${where}: rate must be 0 or more`);
  if (!Number.isFinite(step.duration) || step.duration <= 0 || !Number.isInteger(step.duration)) {
    throw new ProfileError(`${where}: duration must be a whole number of seconds above 0`);
  }
  if (step.errorShare !== undefined && !(step.errorShare >= 0 && step.errorShare <= 1)) {
    throw new ProfileError(`${where}: error share must be between 0 and 1`);
  }
  if (step.hotSection !== undefined && !step.hotSection.startsWith("/")) {
    throw new ProfileError(`${where}: hot section must start with /`);
  }
  return step;
}

/** Steps from `--rates 9 11 8 --durations 150 150 150`. */
export function stepsFromRates(rates: number[], durations: number[]): Step[] {
  if (rates.length !== durations.length) {
    throw new ProfileError(
      `--rates has ${rates.length} values but --durations has ${durations.length}`,
    );
  }
  return rates.map((rate, i) =>
    checkStep({ rate, duration: durations[i] as number }, `step ${i + 1}`),
  );
}

/**
 * Steps from a scenario file's JSON: `{"steps": [{"rate": 9, "duration": "150s", "error_share":
 * 0.2, "hot_section": "/api/checkout"}, …]}` (or the array alone). Durations take "2m" or seconds.
 */
export function stepsFromScenario(
  json: unknown,
  parseDuration: (text: string) => number | null,
): Step[] {
  const list = Array.isArray(json) ? json : (json as { steps?: unknown }).steps;
  if (!Array.isArray(list) || list.length === 0)
    throw new ProfileError('a scenario needs a non-empty "steps" list');
  return list.map((raw: unknown, i) => {
    const where = `step ${i + 1}`;
    if (typeof raw !== "object" || raw === null) throw new ProfileError(`${where}: not an object`);
    const s = raw as Record<string, unknown>;
    const duration =
      typeof s.duration === "string"
        ? parseDuration(s.duration)
        : typeof s.duration === "number"
          ? s.duration
          : null;
    if (duration === null)
      throw new ProfileError(`${where}: duration must be seconds or like "2m"`);
    const step: Step = { rate: Number(s.rate), duration };
    if (s.error_share !== undefined) step.errorShare = Number(s.error_share);
    if (s.hot_section !== undefined) step.hotSection = String(s.hot_section);
    return checkStep(step, where);
  });
}

/** Total length of a profile, seconds. */
export function profileLength(steps: Step[]): number {
  return steps.reduce((sum, s) => sum + s.duration, 0);
}
