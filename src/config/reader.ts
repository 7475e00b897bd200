import type { LineCounter, Node } from "yaml";
import { formatDuration, parseDuration } from "../core/duration.js";
import { yaml } from "./yaml.js";

/** A YAML node of the config (null for a value that is not there). */
export type ConfigNode = Node | null;

/**
 * Reads a config document and checks values one at a time, collecting every problem as
 * `file:line:col: what is wrong` (one line each), so a person fixes them all in one go.
 */
export class ConfigReader {
  readonly problems: string[] = [];
  readonly root: ConfigNode;
  private readonly lines: LineCounter;

  constructor(
    private readonly file: string,
    text: string,
  ) {
    const { LineCounter: Lines, parseDocument } = yaml();
    this.lines = new Lines();
    const doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true });
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      const where = pos === undefined ? file : `${file}:${pos.line}:${pos.col}`;
      this.problems.push(`${where}: ${err.message.split("\n")[0] ?? "bad YAML"}`);
    }
    this.root = doc.errors.length > 0 ? null : ((doc.contents as Node | null) ?? null);
  }

  /** Where a node starts, as file:line:col. */
  where(node: ConfigNode): string {
    if (node === null || node.range == null) return this.file;
    const { line, col } = this.lines.linePos(node.range[0]);
    return `${this.file}:${line}:${col}`;
  }

  /** Notes a problem at a node; returns undefined so a reader can return it. */
  fail(node: ConfigNode, message: string): undefined {
    this.problems.push(`${this.where(node)}: ${message}`);
    return undefined;
  }

  /** The entries of a mapping, each key allowed (others are problems), or undefined. */
  entries(
    node: ConfigNode,
    what: string,
    allowed: readonly string[],
  ): Map<string, Node> | undefined {
    if (!yaml().isMap(node)) return this.fail(node, `${what} must be a mapping of keys to values`);
    const out = new Map<string, Node>();
    for (const pair of node.items) {
      const key = pair.key as Node;
      const name = yaml().isScalar(key) ? String(key.value) : "";
      if (!allowed.includes(name)) {
        this.fail(key, `unknown key "${name}" in ${what} (known: ${allowed.join(", ")})`);
        continue;
      }
      out.set(name, (pair.value as Node | null) ?? key);
    }
    return out;
  }

  /** A scalar's value, or undefined (with a problem) when the node is a list or mapping. */
  private scalar(node: ConfigNode, what: string): unknown {
    if (!yaml().isScalar(node)) return this.fail(node, `${what} must be a single value`);
    return node.value;
  }

  string(node: ConfigNode, what: string): string | undefined {
    const v = this.scalar(node, what);
    if (v === undefined) return undefined;
    if (typeof v !== "string" && typeof v !== "number")
      return this.fail(node, `${what} must be text`);
    return String(v);
  }

  boolean(node: ConfigNode, what: string): boolean | undefined {
    const v = this.scalar(node, what);
    if (v === undefined) return undefined;
    return typeof v === "boolean" ? v : this.fail(node, `${what} must be true or false`);
  }

  number(node: ConfigNode, what: string, min: number, max: number): number | undefined {
    const v = this.scalar(node, what);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
      return this.fail(node, `${what} must be a number from ${min} to ${max}`);
    }
    return v;
  }

  /** A duration ("30s", "2m", a number of seconds) within [min, max] seconds. */
  duration(node: ConfigNode, what: string, min: number, max: number): number | undefined {
    const v = this.scalar(node, what);
    if (v === undefined) return undefined;
    const seconds = parseDuration(String(v));
    if (seconds === null) return this.fail(node, `${what} must be a duration like 10s, 2m or 1h`);
    if (seconds < min || seconds > max) {
      return this.fail(
        node,
        `${what} must be between ${formatDuration(min)} and ${formatDuration(max)}`,
      );
    }
    return seconds;
  }

  /** One value or a list of them, as a list of texts. */
  list(node: ConfigNode, what: string): string[] | undefined {
    if (!yaml().isSeq(node)) {
      const one = this.string(node, what);
      return one === undefined ? undefined : [one];
    }
    const out: string[] = [];
    for (const item of node.items) {
      const text = this.string(item as Node, `each of ${what}`);
      if (text !== undefined) out.push(text);
    }
    return out;
  }

  /** The items of a list, or undefined. */
  items(node: ConfigNode, what: string): Node[] | undefined {
    if (!yaml().isSeq(node)) return this.fail(node, `${what} must be a list`);
    return node.items as Node[];
  }

  /** One of `choices`. */
  choice<T extends string>(node: ConfigNode, what: string, choices: readonly T[]): T | undefined {
    const text = this.string(node, what);
    if (text === undefined) return undefined;
    if (!(choices as readonly string[]).includes(text)) {
      return this.fail(node, `${what} must be one of ${choices.join(", ")}`);
    }
    return text as T;
  }
}
