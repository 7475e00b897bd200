import { formatISO } from "date-fns";

/** Formats epoch seconds as ISO 8601 with the local zone's offset (set by TZ), as every output shows times. */
export function isoTime(epochSeconds: number): string {
  return formatISO(new Date(epochSeconds * 1000));
}
