import { HintCache } from "../core/hint-cache.js";
import { HASH_SEED } from "../core/hash.js";
import { hashText } from "./hll.js";

/** What a user agent is, as the run-wide lists group them, and how often it was seen. */
export interface AgentFamily {
  /** "Chrome", "Firefox", … "Crawler", "Other". */
  browser: string;
  /** "Windows", "macOS", "iOS", "Android", "Linux", … "Other". */
  os: string;
  /** The crawler's or tool's name ("Googlebot", "curl"), or null for a browser. */
  crawler: string | null;
  /** The agent's hash (for unique visitors), computed once per distinct agent. */
  hash: number;
  /** Requests with this agent since it was classified (counted by the caller). */
  hits: number;
}

/** Crawlers, scripts and tools, by the name their agent carries; the first that matches names it. */
const CRAWLERS: [RegExp, string][] = [
  [/Googlebot/i, "Googlebot"],
  [/bingbot/i, "Bingbot"],
  [/YandexBot/i, "YandexBot"],
  [/Baiduspider/i, "Baiduspider"],
  [/DuckDuckBot/i, "DuckDuckBot"],
  [/Applebot/i, "Applebot"],
  [/facebookexternalhit/i, "Facebook"],
  [/GPTBot/i, "GPTBot"],
  [/AhrefsBot/i, "AhrefsBot"],
  [/SemrushBot/i, "SemrushBot"],
  [/^curl\//i, "curl"],
  [/^Wget\//i, "Wget"],
  [/python-requests|python-urllib|aiohttp/i, "Python"],
  [/Go-http-client/i, "Go"],
  [/^Java\/|okhttp/i, "Java"],
  [/bot\b|crawl|spider|slurp|scanner|monitor|headless/i, "other crawler"],
];

/** Browsers, tested in this order: Edge and Opera say "Chrome" too, Chrome says "Safari". */
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/MSIE |Trident\//, "Internet Explorer"],
];

/** Systems, tested in this order: Android says "Linux", iOS says "like Mac OS X". */
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, "Windows"],
  [/Android/, "Android"],
  [/iPhone|iPad|iPod|iOS/, "iOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux|X11/, "Linux"],
];

function first(table: [RegExp, string][], agent: string): string | null {
  for (const [re, name] of table) if (re.test(agent)) return name;
  return null;
}

/** Agents classified, kept so each distinct agent is classified once (bounded; then cleared). */
const MAX_CACHED = 10_000;

/**
 * Classifies user agents into browser, OS and crawler families with a small table (no parser
 * library: the ones on npm are either large or slow per line, and a log repeats few agents, each
 * classified once here). The caller counts on the family it gets (`hits`); `drain` hands every
 * count over, as the cache does before it is emptied.
 */
export class AgentClassifier {
  private readonly cache = new Map<string, AgentFamily>();
  /** Recent agents by hint, and their families: most lines find theirs without hashing it. */
  private readonly front = new HintCache<AgentFamily>(1024);

  constructor(private readonly drained: (f: AgentFamily) => void = () => undefined) {}

  /** The family of `agent`; `hint` as LogRecord.agentHint (or -1). */
  classify(agent: string, hint = -1): AgentFamily {
    const recent = this.front.get(agent, hint);
    if (recent !== undefined) return recent;
    const family = this.lookup(agent);
    this.front.set(agent, hint, family);
    return family;
  }

  private lookup(agent: string): AgentFamily {
    const known = this.cache.get(agent);
    if (known !== undefined) return known;
    const crawler = agent === "" ? null : first(CRAWLERS, agent);
    const family: AgentFamily = {
      browser: crawler !== null ? "Crawler" : (first(BROWSERS, agent) ?? "Other"),
      os: crawler !== null ? "Crawler" : (first(SYSTEMS, agent) ?? "Other"),
      crawler,
      hash: hashText(HASH_SEED, agent),
      hits: 0,
    };
    if (this.cache.size >= MAX_CACHED) {
      this.drain();
      this.clear();
    }
    this.cache.set(agent, family);
    return family;
  }

  /** Hands each classified agent's count to `drained` and sets it to 0. */
  drain(): void {
    for (const f of this.cache.values()) {
      if (f.hits > 0) this.drained(f);
      f.hits = 0;
    }
  }

  /** Forgets every agent and its count. */
  clear(): void {
    this.cache.clear();
    this.front.clear();
  }
}
