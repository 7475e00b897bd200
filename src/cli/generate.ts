import { once } from "node:events";
import { createWriteStream, openSync } from "node:fs";
import type { Writable } from "node:stream";
import type { Clock } from "../core/clock.js";
import { LineGenerator, type GeneratorConfig } from "../generate/generator.js";
import type { Step } from "../generate/profile.js";
import { writeFast, writeLive, type TextOutput } from "../generate/run.js";
import type { DemoOptions, GenerateOptions } from "./generate-options.js";
import { UsageError } from "./parsers.js";

/** First log time of `--fast --seed` without `--start`, so that a seed alone fixes every byte. */
export const FIXED_START = Date.UTC(2026, 0, 1) / 1000;

/**
 * The demo's incident, looped: calm below the default threshold (10 req/s over 2 m), a spike
 * with 5xx errors on /checkout, then calm again. At --speed 10 the alert fires 9.3 s in and
 * recovers 29.9 s in (log seconds 93 and 299, as fixtures/scenarios/incident.json shows); the
 * loop comes back after 45 s.
 */
export const DEMO_STEPS: Step[] = [
  { rate: 6, duration: 60 },
  { rate: 25, duration: 150, errorShare: 0.15, hotSection: "/checkout" },
  { rate: 5, duration: 240 },
];

function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

function textOutput(stream: Writable): TextOutput {
  return {
    write: (text) => stream.write(text),
    drained: () => once(stream, "drain").then(() => undefined),
  };
}

function generatorFor(o: GenerateOptions, clock: Clock): LineGenerator {
  const seed = o.seed ?? randomSeed();
  const start =
    o.start ?? (o.fast && o.seed !== null ? FIXED_START : Math.floor(clock.nowMs() / 1000));
  const config: GeneratorConfig = { ...o, seed, start };
  return new LineGenerator(config);
}

/** `logmon generate`: writes until the profile, --count or --duration ends; resolves to the exit status. */
export async function runGenerate(o: GenerateOptions, clock: Clock): Promise<number> {
  let stream: Writable = process.stdout;
  if (o.output !== null) {
    try {
      stream = createWriteStream("", { fd: openSync(o.output, "a") });
    } catch (err) {
      throw new UsageError(`cannot write ${o.output}: ${(err as Error).message}`, 2);
    }
  }
  const gen = generatorFor(o, clock);
  const out = textOutput(stream);
  if (o.fast) await writeFast(gen, out);
  else await writeLive(gen, out, clock, o.speed);
  if (stream !== process.stdout) {
    stream.end();
    await once(stream, "finish");
  }
  return 0;
}

/** Starts the demo's traffic into `stream`, for as long as the process runs. */
export function startDemoTraffic(o: DemoOptions, stream: Writable, clock: Clock): void {
  const gen = new LineGenerator({
    steps: DEMO_STEPS,
    repeat: true,
    start: Math.floor(clock.nowMs() / 1000),
    count: null,
    duration: null,
    jitterS: 2,
    junk: 0.001,
    format: "combined",
    seed: o.seed ?? randomSeed(),
  });
  void writeLive(gen, textOutput(stream), clock, o.speed);
}
