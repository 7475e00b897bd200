import { NORMAL_ERROR_SHARE, type Step } from "./profile.js";
import { Random, Zipf } from "./random.js";

/** One generated request, before it is written in a log format. */
export interface Request {
  /** Stamp, epoch seconds. */
  time: number;
  host: string;
  method: string;
  /** Path and query ("/api/users/42?page=2"). */
  target: string;
  status: number;
  /** null is written as "-". */
  bytes: number | null;
  referer: string;
  userAgent: string;
  /** Milliseconds the request took. */
  timeTakenMs: number;
}

const DIRECTORIES = [
  "/api",
  "/static",
  "/images",
  "/products",
  "/search",
  "/login",
  "/cart",
  "/checkout",
  "/blog",
  "/docs",
  "/account",
  "/assets",
  "/css",
  "/js",
  "/fonts",
  "/help",
  "/about",
  "/contact",
  "/pricing",
  "/news",
  "/events",
  "/careers",
  "/partners",
  "/support",
  "/downloads",
  "/media",
  "/feeds",
  "/orders",
  "/users",
  "/reviews",
  "/categories",
  "/deals",
  "/wishlist",
  "/compare",
  "/stores",
  "/gift-cards",
  "/returns",
  "/shipping",
  "/privacy",
  "/terms",
  "/status",
  "/health",
  "/metrics",
  "/admin",
];
/** Sections that are single files (no deeper paths), the favourites of scanners among them. */
const FILES = [
  "/index.html",
  "/robots.txt",
  "/favicon.ico",
  "/sitemap.xml",
  "/wp-login.php",
  "/.env",
];
const SECTIONS = [...DIRECTORIES, ...FILES];
const FILE_SET = new Set(FILES);
const SUBPATHS = ["v1", "v2", "items", "list", "detail", "page", "edit", "new", "img", "thumb"];
const QUERIES = ["page", "id", "q", "sort", "ref", "lang", "utm_source"];
const METHODS: [string, number][] = [
  ["GET", 85],
  ["POST", 10],
  ["HEAD", 2],
  ["PUT", 1.5],
  ["DELETE", 1],
  ["OPTIONS", 0.5],
];
const OK_STATUS: [number, number][] = [
  [200, 86],
  [304, 5],
  [301, 1.5],
  [302, 1.5],
  [404, 4],
  [403, 0.7],
  [400, 0.3],
  [201, 1],
];
const ERROR_STATUS: [number, number][] = [
  [500, 4],
  [502, 2],
  [503, 3],
  [504, 1],
];
const REFERERS = [
  "-",
  "-",
  "-",
  "https://www.google.com/",
  "https://duckduckgo.com/",
  "https://example.com/",
  "https://example.com/products",
  "https://example.com/blog/",
  "https://news.ycombinator.com/",
];
const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
  "curl/8.5.0",
  "python-requests/2.32.3",
  "Go-http-client/2.0",
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "kube-probe/1.31",
  'Mozilla/5.0 (compatible; "Quoted" Crawler/1.0)',
];

function hostPool(random: Random, size: number): string[] {
  const hosts: string[] = [];
  for (let i = 0; i < size; i++) {
    if (random.next() < 0.1) {
      hosts.push(
        `2001:db8:${random.int(0, 0xffff).toString(16)}::${random.int(1, 0xffff).toString(16)}`,
      );
    } else {
      const a = random.pick([10, 172, 192, 203, 198, 81, 93, 151]);
      hosts.push(`${a}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`);
    }
  }
  return hosts;
}

/** Makes realistic requests: skewed sections and clients, methods, statuses, sizes, agents. */
export class RequestMaker {
  private readonly hosts: string[];
  private readonly hostRank: Zipf;
  private readonly sectionRank = new Zipf(SECTIONS.length, 1.1);

  constructor(private readonly random: Random) {
    this.hosts = hostPool(random, 3000);
    this.hostRank = new Zipf(this.hosts.length, 0.9);
  }

  /** A request stamped `time` during `step`. */
  make(time: number, step: Step): Request {
    const r = this.random;
    const hot = step.hotSection !== undefined && r.next() < 0.5;
    const section = hot
      ? (step.hotSection as string)
      : (SECTIONS[this.sectionRank.sample(r)] as string);
    const method = r.weighted(METHODS);
    const failed = r.next() < (step.errorShare ?? NORMAL_ERROR_SHARE);
    const status = failed ? r.weighted(ERROR_STATUS) : r.weighted(OK_STATUS);
    const bodyless =
      status === 304 || method === "HEAD" || (status >= 300 && status < 400 && r.next() < 0.5);
    return {
      time,
      host: this.hosts[this.hostRank.sample(r)] as string,
      method,
      target: this.target(section),
      status,
      bytes: bodyless ? null : Math.round(200 + Math.exp(r.next() * 11)),
      referer: r.pick(REFERERS),
      userAgent: r.pick(AGENTS),
      timeTakenMs: failed ? r.int(500, 30_000) : Math.round(Math.exp(r.next() * 7)),
    };
  }

  private target(section: string): string {
    const r = this.random;
    if (FILE_SET.has(section)) return section;
    let path = section;
    const depth = r.int(0, 3);
    for (let i = 0; i < depth; i++)
      path += `/${i === depth - 1 && r.next() < 0.5 ? r.int(1, 99999) : r.pick(SUBPATHS)}`;
    if (r.next() < 0.25) path += `?${r.pick(QUERIES)}=${r.int(1, 500)}`;
    return path;
  }
}

/** A line no access-log parser should accept: garbage, cut short, a broken timestamp. */
export function junkLine(random: Random, valid: string): string {
  switch (random.int(0, 4)) {
    case 0:
      return valid.slice(0, Math.floor(valid.length * (0.1 + random.next() * 0.4)));
    case 1:
      return "GET / HTTP/1.1";
    case 2:
      return valid.replace(/\[\d\d\//, "[99/");
    case 3:
      return "";
    default:
      return `\u0016\u0003\u0001 ${random.int(0, 1e9).toString(36)} not a log line`;
  }
}
