import { junkLine, RequestMaker } from "./content.js";
import { formatHeader, formatLine, type GenerateFormat } from "./formats.js";
import { profileLength, type Step } from "./profile.js";
import { Random } from "./random.js";

/** What to generate. */
export interface GeneratorConfig {
  steps: Step[];
  /** Start over when the steps end (the demo, and a steady --rate), instead of stopping. */
  repeat: boolean;
  /** Log time of the first line, epoch seconds. */
  start: number;
  /** Stop after this many lines, or after this many seconds of log time (null: no limit). */
  count: number | null;
  duration: number | null;
  /** Lines are stamped up to this many seconds before they are written (out of order). */
  jitterS: number;
  /** Share of lines (0–1) replaced by malformed ones. */
  junk: number;
  format: GenerateFormat;
  seed: number;
}

/**
 * Produces the lines of a traffic profile in order of writing. Second k of a step gets
 * floor((k+1)·rate) − floor(k·rate) lines, so any rate, fractional too, is met exactly over
 * time; line i of a second with n lines is due at i/n into it. Pure: the caller says how much
 * log time has passed, by the wall clock or as fast as it can.
 */
export class LineGenerator {
  private readonly random: Random;
  private readonly maker: RequestMaker;
  private readonly length: number;
  private second = 0;
  private index = 0;
  private inSecond: number;
  private lines = 0;
  private finished = false;

  constructor(private readonly config: GeneratorConfig) {
    this.random = new Random(config.seed);
    this.maker = new RequestMaker(this.random);
    this.length = profileLength(config.steps);
    this.inSecond = this.countOf(0);
  }

  /** Lines written so far. */
  get written(): number {
    return this.lines;
  }

  /** Whether the profile, --count or --duration has ended. */
  get done(): boolean {
    return this.finished;
  }

  /** What opens the output (W3C directives), or "". */
  header(): string {
    return formatHeader(this.config.format, this.config.start);
  }

  /** The lines due before `elapsed` seconds of log time, at most `max` of them, with newlines. */
  until(elapsed: number, max = Infinity): string {
    let out = "";
    let taken = 0;
    while (!this.finished && taken < max) {
      if (this.index >= this.inSecond) {
        this.second++;
        this.index = 0;
        if (this.ended()) break;
        this.inSecond = this.countOf(this.second);
        continue;
      }
      if (this.second + this.index / this.inSecond >= elapsed) break;
      out += `${this.line()}\n`;
      this.index++;
      this.lines++;
      taken++;
      if (this.config.count !== null && this.lines >= this.config.count) this.finished = true;
    }
    return out;
  }

  private ended(): boolean {
    const { duration, repeat } = this.config;
    if ((duration !== null && this.second >= duration) || (!repeat && this.second >= this.length)) {
      this.finished = true;
    }
    return this.finished;
  }

  private stepAt(second: number): { step: Step; offset: number } {
    let at = second % this.length;
    for (const step of this.config.steps) {
      if (at < step.duration) return { step, offset: at };
      at -= step.duration;
    }
    return { step: this.config.steps[0] as Step, offset: 0 };
  }

  private countOf(second: number): number {
    const { step, offset } = this.stepAt(second);
    return Math.floor((offset + 1) * step.rate + 1e-9) - Math.floor(offset * step.rate + 1e-9);
  }

  private line(): string {
    const { step } = this.stepAt(this.second);
    const lag = this.config.jitterS > 0 ? this.random.int(0, this.config.jitterS) : 0;
    const req = this.maker.make(this.config.start + this.second - lag, step);
    const line = formatLine(req, this.config.format);
    return this.config.junk > 0 && this.random.next() < this.config.junk
      ? junkLine(this.random, line)
      : line;
  }
}
