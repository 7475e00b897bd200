import { TZDate } from "@date-fns/tz";
import { formatISO } from "date-fns/formatISO";

let displayZone: string | null = null;

/** Whether `name` is a time zone this runtime knows ("Europe/Paris", "UTC", "Asia/Kolkata"). */
export function isKnownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The last few times formatted: a report's end is the next one's start, and alerts repeat them. */
const recent = new Map<number, string>();

/** Shows every time in zone `name` from now on (--tz); null for the local zone (TZ). */
export function setDisplayZone(name: string | null): void {
  displayZone = name;
  recent.clear();
}

/** Formats epoch seconds as ISO 8601 with the display zone's offset, as every output shows times. */
export function isoTime(epochSeconds: number): string {
  let text = recent.get(epochSeconds);
  if (text === undefined) {
    const ms = epochSeconds * 1000;
    text = formatISO(displayZone === null ? new Date(ms) : new TZDate(ms, displayZone));
    if (recent.size >= 4) recent.delete(recent.keys().next().value as number);
    recent.set(epochSeconds, text);
  }
  return text;
}
