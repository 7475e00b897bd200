import { KEEP_AGENT, KEEP_PATH, type LogRecord } from "./types.js";

/** A compiled `--filter` expression: which parsed lines are counted, and the record fields it reads. */
export interface LineFilter {
  test(rec: LogRecord): boolean;
  /** KEEP_* bits the parser must fill for it (the full path, the user agent). */
  keep: number;
}

/** A filter expression that does not parse: what is wrong, and where (1-based character). */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`at character ${position}: ${message}`);
  }
}

type Test = (rec: LogRecord) => boolean;

/** The fields an expression may name: numbers compare as numbers, the rest as text. */
const FIELDS: Record<string, { number: boolean; keep: number; get: (r: LogRecord) => unknown }> = {
  status: { number: true, keep: 0, get: (r) => r.status },
  bytes: { number: true, keep: 0, get: (r) => r.bytes },
  latency: { number: true, keep: 0, get: (r) => r.latencyMs },
  method: { number: false, keep: 0, get: (r) => r.method },
  section: { number: false, keep: 0, get: (r) => r.section },
  host: { number: false, keep: 0, get: (r) => r.host },
  vhost: { number: false, keep: 0, get: (r) => r.vhost },
  path: { number: false, keep: KEEP_PATH, get: (r) => r.path },
  agent: { number: false, keep: KEEP_AGENT, get: (r) => r.agent },
};

const OPERATORS = ["==", "!=", "<=", ">=", "<", ">", "!~", "~"] as const;
type Operator = (typeof OPERATORS)[number];

interface Token {
  text: string;
  /** 1-based. */
  at: number;
  quoted: boolean;
}

/** Splits an expression into words, operators, parentheses, commas and quoted strings. */
function tokens(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i + 1;
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new FilterError(`the quote ${c} is not closed`, at);
      out.push({ text: source.slice(i + 1, end), at, quoted: true });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op !== undefined || c === "(" || c === ")" || c === ",") {
      const text = op ?? c;
      out.push({ text, at, quoted: false });
      i += text.length;
      continue;
    }
    let end = i;
    while (end < source.length && !/[\s(),=<>!~"']/.test(source[end] as string)) end++;
    if (end === i) throw new FilterError(`unexpected ${JSON.stringify(c)}`, at);
    out.push({ text: source.slice(i, end), at, quoted: false });
    i = end;
  }
  return out;
}

/**
 * Compiles an ngxtop-style expression: comparisons `FIELD OP VALUE` (== != < <= > >=, ~ and !~
 * for a regular expression), `FIELD in (A, B)`, joined with `and`, `or`, `not` and parentheses.
 * `status` also takes classes (`status == 5xx`). Throws FilterError naming the position.
 */
export function compileFilter(source: string): LineFilter {
  const list = tokens(source);
  let k = 0;
  let keep = 0;
  const end = source.length + 1;
  const peek = () => list[k];
  const word = (w: string) => peek()?.quoted === false && peek()?.text.toLowerCase() === w;
  const expect = (what: string): Token => {
    const t = list[k++];
    if (t === undefined) throw new FilterError(`${what} expected at the end`, end);
    return t;
  };

  const value = (field: string): Token => {
    const t = expect(`a value for ${field}`);
    if (!t.quoted && ["(", ")", ","].includes(t.text))
      throw new FilterError(`a value for ${field} expected, not ${t.text}`, t.at);
    return t;
  };

  const comparison = (): Test => {
    const name = expect("a field");
    const field = FIELDS[name.text.toLowerCase()];
    if (field === undefined || name.quoted) {
      throw new FilterError(
        `unknown field ${JSON.stringify(name.text)} (one of ${Object.keys(FIELDS).join(", ")})`,
        name.at,
      );
    }
    keep |= field.keep;
    if (word("in")) {
      k++;
      const open = expect("(");
      if (open.text !== "(") throw new FilterError(`( expected after in`, open.at);
      const values: Token[] = [value(name.text)];
      while (peek()?.text === ",") {
        k++;
        values.push(value(name.text));
      }
      const close = expect(")");
      if (close.text !== ")") throw new FilterError(`, or ) expected`, close.at);
      const tests = values.map((v) => compare(name.text, field.number, "==", v, field.get));
      return (rec) => tests.some((t) => t(rec));
    }
    const op = expect("an operator");
    if (op.quoted || !(OPERATORS as readonly string[]).includes(op.text)) {
      throw new FilterError(`an operator expected (${OPERATORS.join(" ")} or in)`, op.at);
    }
    return compare(name.text, field.number, op.text as Operator, value(name.text), field.get);
  };

  const unary = (): Test => {
    if (word("not")) {
      k++;
      const inner = unary();
      return (rec) => !inner(rec);
    }
    if (peek()?.text === "(" && !peek()?.quoted) {
      k++;
      const inner = or();
      const close = expect(")");
      if (close.text !== ")") throw new FilterError(`) expected`, close.at);
      return inner;
    }
    return comparison();
  };
  /** Operands of `next` joined by the word `joiner`: all must hold (and), or any (or). */
  const joined = (joiner: "and" | "or", next: () => Test): Test => {
    const parts = [next()];
    while (word(joiner)) {
      k++;
      parts.push(next());
    }
    if (parts.length === 1) return parts[0] as Test;
    return joiner === "and"
      ? (rec) => parts.every((p) => p(rec))
      : (rec) => parts.some((p) => p(rec));
  };
  const and = (): Test => joined("and", unary);
  const or = (): Test => joined("or", and);

  if (list.length === 0) throw new FilterError("the expression is empty", 1);
  const test = or();
  const rest = peek();
  if (rest !== undefined) throw new FilterError(`unexpected ${JSON.stringify(rest.text)}`, rest.at);
  return { test, keep };
}

/** One comparison of `field` (read by `get`) with the value token `v`. */
function compare(
  field: string,
  numeric: boolean,
  op: Operator,
  v: Token,
  get: (r: LogRecord) => unknown,
): Test {
  if (op === "~" || op === "!~") {
    let re: RegExp;
    try {
      re = new RegExp(v.text);
    } catch (err) {
      throw new FilterError(`not a regular expression: ${(err as Error).message}`, v.at);
    }
    const want = op === "~";
    return (rec) => re.test(String(get(rec))) === want;
  }
  if (!numeric) {
    if (op !== "==" && op !== "!=")
      throw new FilterError(`${field} is text: use ==, !=, ~, !~ or in`, v.at);
    const want = op === "==";
    return (rec) => (get(rec) === v.text) === want;
  }
  const cls = /^([1-5])xx$/i.exec(v.text);
  if (cls !== null && field === "status" && (op === "==" || op === "!=")) {
    const c = Number(cls[1]);
    const want = op === "==";
    return (rec) => (Math.floor(rec.status / 100) === c) === want;
  }
  const n = Number(v.text);
  if (v.text === "" || !Number.isFinite(n)) {
    throw new FilterError(`${field} is a number: ${JSON.stringify(v.text)} is not`, v.at);
  }
  const num = (rec: LogRecord) => get(rec) as number;
  switch (op) {
    case "==":
      return (rec) => num(rec) === n;
    case "!=":
      return (rec) => num(rec) !== n;
    case "<":
      return (rec) => num(rec) < n;
    case "<=":
      return (rec) => num(rec) <= n;
    case ">":
      return (rec) => num(rec) > n;
    default:
      return (rec) => num(rec) >= n;
  }
}
