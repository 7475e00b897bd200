import type { AlertEvent, LogRecord } from "../core/types.js";
import type { FiringAlert } from "../core/types.js";
import type { Rule } from "./rule.js";

/**
 * The rules of a run, evaluated together: records and seconds go to each, their crossings come
 * back in rule order. One rule that throws is a bug in that rule, not a reason to stop counting,
 * so it is reported once and left out from then on.
 */
export class RuleSet {
  private readonly rules: Rule[];

  constructor(
    rules: readonly Rule[],
    private readonly broken: (rule: string, err: unknown) => void,
  ) {
    this.rules = [...rules];
  }

  /** Whether no rule can raise or end an alert before the next record. */
  get quiet(): boolean {
    for (const rule of this.rules) if (!rule.quiet) return false;
    return true;
  }

  /** The costly record fields any rule reads (KEEP_PATH, KEEP_AGENT): parsers fill those. */
  get keep(): number {
    let keep = 0;
    for (const r of this.rules) keep |= r.keep ?? 0;
    return keep;
  }

  /** Whether a rule can fire with no line at all (a flatline), so log time must run without lines. */
  get needsClock(): boolean {
    return this.rules.some((r) => r.needsClock === true);
  }

  /** Whether some alert is firing. */
  get firing(): boolean {
    return this.firingSince !== null;
  }

  /** When the oldest firing alert was raised, or null when none fires. */
  get firingSince(): number | null {
    let since: number | null = null;
    for (const rule of this.rules) {
      const s = rule.firingSince;
      if (s !== null && (since === null || s < since)) since = s;
    }
    return since;
  }

  /** Every alert firing now: its rule, its key (grouped rules) and when it was raised. */
  firingList(): FiringAlert[] {
    const out: FiringAlert[] = [];
    for (const rule of this.rules) {
      if (rule.firing !== undefined) {
        for (const f of rule.firing()) out.push({ rule: rule.name, ...f });
      } else if (rule.firingSince !== null) {
        out.push({ rule: rule.name, key: null, since: rule.firingSince });
      }
    }
    return out;
  }

  /** What rules have to say after the run (a latency rule on a log without request times). */
  notes(): string[] {
    const out: string[] = [];
    for (const rule of this.rules) {
      const note = rule.note?.() ?? null;
      if (note !== null) out.push(note);
    }
    return out;
  }

  /** A record accepted at its own second. */
  record(rec: LogRecord): void {
    for (let i = 0; i < this.rules.length; i++) {
      try {
        (this.rules[i] as Rule).record(rec);
      } catch (err) {
        this.drop(i--, err);
      }
    }
  }

  /** Evaluates second `t` of log time with every rule; `emit` gets each crossing in order. */
  second(t: number, emit: (event: AlertEvent) => void): void {
    for (let i = 0; i < this.rules.length; i++) {
      let events: readonly AlertEvent[];
      try {
        events = (this.rules[i] as Rule).second(t);
      } catch (err) {
        this.drop(i--, err);
        continue;
      }
      for (const event of events) emit(event);
    }
  }

  private drop(index: number, err: unknown): void {
    const [rule] = this.rules.splice(index, 1);
    if (rule !== undefined) this.broken(rule.name, err);
  }
}
