const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a duration such as "10s", "2m", "1h30m", "1d" or a bare number of seconds into whole seconds.
 * Returns null when the text is not a duration.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!/^(\d+[smhd])+$/.test(trimmed)) return null;
  let total = 0;
  for (const part of trimmed.matchAll(/(\d+)([smhd])/g)) {
    total += Number(part[1]) * (UNIT_SECONDS[part[2] as string] as number);
  }
  return total;
}

/** Writes whole seconds compactly for people: 0s, 45s, 2m, 2m30s, 1h5m, 1d2h. */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return "0s";
  let out = "";
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
