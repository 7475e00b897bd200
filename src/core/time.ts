import { TZDate } from "@date-fns/tz";
import { formatISO } from "date-fns/formatISO";

let displayZone: string | null = null;

/** A fixed offset as --tz takes it and TZDate reads it ("+05:30"). */
const OFFSET = /^[+-]\d{2}:\d{2}$/;

/** Whether `name` is a time zone this runtime knows ("Europe/Paris", "UTC", "Asia/Kolkata", "+05:30"). */
export function isKnownZone(name: string): boolean {
  if (OFFSET.test(name)) return true;
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

/**
 * What the TZ environment variable means for shown times: null when the runtime understands it
 * (or it is unset); a fixed offset for a POSIX zone without daylight rules, which the runtime
 * does not read (`<+0530>-5:30`, `IST-5:30`: POSIX counts west as positive); otherwise a
 * problem to tell, since the runtime would show UTC without a word.
 */
export function zoneFromTz(tz: string | undefined): {
  zone: string | null;
  problem: string | null;
} {
  if (tz === undefined || tz === "") return { zone: null, problem: null };
  if (isKnownZone(tz.replace(/^:/, ""))) return { zone: null, problem: null };
  const posix = /^(?:<[^>]*>|[A-Za-z]{3,})([+-]?)(\d{1,2})(?::(\d{2}))?$/.exec(tz);
  if (posix !== null) {
    const [, sign, hours, minutes] = posix as unknown as [
      string,
      string,
      string,
      string | undefined,
    ];
    const hh = hours.padStart(2, "0");
    const east = sign === "-" || (hh === "00" && (minutes ?? "00") === "00");
    if (Number(hh) <= 24)
      return { zone: `${east ? "+" : "-"}${hh}:${minutes ?? "00"}`, problem: null };
  }
  return {
    zone: "UTC",
    problem: `TZ=${tz} is not a time zone logmon can read; times are shown in UTC (give --tz Europe/Paris or a zone name in TZ)`,
  };
}
