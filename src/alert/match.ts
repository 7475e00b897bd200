import { BlockList, isIP } from "node:net";
import { KEEP_AGENT, KEEP_PATH, type LogRecord } from "../core/types.js";

/** Which requests a rule looks at, as configured (`match:`); every part given must hold. */
export interface MatchSpec {
  /** Codes (404) or classes ("5xx"). */
  status?: (number | string)[];
  /** Sections, exactly as reports name them ("/api"). */
  section?: string[];
  /** Methods ("POST"), compared without case. */
  method?: string[];
  /** Client addresses: a CIDR ("10.0.0.0/8", "2001:db8::/32"), an address, or a regular expression. */
  host?: string[];
  /** Regular expressions on the full path without its query ("^/admin/"). */
  path?: string[];
  /** Regular expressions on the user agent ("bot|crawler"). */
  user_agent?: string[];
}

/** A check of one record; compiled once, called for every line a rule sees. */
export type Matcher = (rec: LogRecord) => boolean;

/** Every record. */
export const MATCH_ALL: Matcher = () => true;

function statusMatcher(specs: (number | string)[]): Matcher {
  const codes = new Set<number>();
  const classes = new Set<number>();
  for (const s of specs) {
    const text = String(s).toLowerCase();
    if (/^[1-5]xx$/.test(text)) classes.add(Number(text[0]));
    else codes.add(Number(text));
  }
  return (rec) => codes.has(rec.status) || classes.has(Math.floor(rec.status / 100));
}

/** A host spec as an address block, or null when it is a regular expression. */
function block(spec: string): BlockList | null {
  const [address = "", bits] = spec.split("/");
  const family = isIP(address);
  if (family === 0) return null;
  const list = new BlockList();
  const type = family === 4 ? "ipv4" : "ipv6";
  if (bits === undefined) list.addAddress(address, type);
  else list.addSubnet(address, Number(bits), type);
  return list;
}

function hostMatcher(specs: string[]): Matcher {
  const blocks: BlockList[] = [];
  const patterns: RegExp[] = [];
  for (const spec of specs) {
    const b = block(spec);
    if (b !== null) blocks.push(b);
    else patterns.push(new RegExp(spec));
  }
  return (rec) => {
    const family = isIP(rec.host);
    if (family !== 0) {
      const type = family === 4 ? "ipv4" : "ipv6";
      if (blocks.some((b) => b.check(rec.host, type))) return true;
    }
    return patterns.some((p) => p.test(rec.host));
  };
}

/**
 * Compiles a `match:` into one check (MATCH_ALL when empty). Throws with a one-line reason for
 * what cannot compile (a bad CIDR, a bad regular expression); the config reader adds where.
 */
export function compileMatch(spec: MatchSpec): Matcher {
  const parts: Matcher[] = [];
  if (spec.status !== undefined) parts.push(statusMatcher(spec.status));
  if (spec.section !== undefined) {
    const sections = new Set(spec.section);
    parts.push((rec) => sections.has(rec.section));
  }
  if (spec.method !== undefined) {
    const methods = new Set(spec.method.map((m) => m.toUpperCase()));
    parts.push((rec) => methods.has(rec.method.toUpperCase()));
  }
  if (spec.host !== undefined) parts.push(hostMatcher(spec.host));
  if (spec.path !== undefined) {
    const patterns = spec.path.map((p) => new RegExp(p));
    parts.push((rec) => patterns.some((p) => p.test(rec.path)));
  }
  if (spec.user_agent !== undefined) {
    const patterns = spec.user_agent.map((p) => new RegExp(p));
    parts.push((rec) => patterns.some((p) => p.test(rec.agent)));
  }
  if (parts.length === 0) return MATCH_ALL;
  return (rec) => parts.every((p) => p(rec));
}

/** Which costly record fields (KEEP_PATH, KEEP_AGENT) a match reads: parsers fill only those. */
export function keepOf(spec: MatchSpec): number {
  return (
    (spec.path === undefined ? 0 : KEEP_PATH) | (spec.user_agent === undefined ? 0 : KEEP_AGENT)
  );
}

/** The problem of a regular expression, or null when it compiles. */
export function regexProblem(spec: string): string | null {
  try {
    new RegExp(spec);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Whether a `status:` entry is valid: a code 100–599 or a class 1xx–5xx. */
export function validStatus(spec: number | string): boolean {
  const text = String(spec).toLowerCase();
  return (
    /^[1-5]xx$/.test(text) || (/^\d{3}$/.test(text) && Number(text) >= 100 && Number(text) <= 599)
  );
}

/** Whether a `host:` entry is valid: an address, a CIDR, or a regular expression that compiles. */
export function hostProblem(spec: string): string | null {
  const [address = "", bits] = spec.split("/");
  const family = isIP(address);
  if (family !== 0) {
    if (bits === undefined) return null;
    const n = Number(bits);
    const max = family === 4 ? 32 : 128;
    return /^\d+$/.test(bits) && n <= max ? null : `bad prefix length /${bits} (0 to ${max})`;
  }
  try {
    new RegExp(spec);
    return null;
  } catch (err) {
    return `not an address, a CIDR or a regular expression: ${(err as Error).message}`;
  }
}
