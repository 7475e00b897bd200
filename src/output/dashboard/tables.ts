import type { HostLine, ReportEvent, SectionLine } from "../../core/event.js";
import type { LiveView } from "../../core/types.js";
import type { TopOrder } from "../../stats/rows.js";
import { escapeForCells } from "../escape.js";
import { bytes, count, percent } from "../format.js";
import type { Rect } from "./layout.js";
import type { TableModel } from "./model.js";

/** Space between table columns, in cells. */
export const COLUMN_SPACING = 1;

/** A panel label cut to fit its border. */
export function panelLabel(text: string, rect: Rect): string {
  return ` ${fit(text, rect.width - 6)} `;
}

/** `text` cut to `width` cells with "…" when longer; control characters shown escaped. */
export function fit(text: string, width: number): string {
  const safe = escapeForCells(text);
  if (width <= 0) return "";
  return safe.length <= width ? safe : `${safe.slice(0, Math.max(0, width - 1))}…`;
}

/** A row's hits; "≥" marks a lower bound, when the interval had more keys than a table holds. */
function hits(s: SectionLine | HostLine): string {
  return s.hits_error === undefined ? count(s.hits) : `≥${count(s.hits)}`;
}

interface Column {
  header: string;
  width: number;
  cell: (s: SectionLine, total: number) => string;
  /** Columns dropped first when space is short have higher numbers; 0 is never dropped. */
  drop: number;
}

const SECTION_COLUMNS: Column[] = [
  { header: "hits", width: 7, cell: hits, drop: 0 },
  { header: "share", width: 7, cell: (s, t) => percent(s.hits, t), drop: 3 },
  { header: "2xx", width: 6, cell: (s) => count(s["2xx"]), drop: 2 },
  { header: "3xx", width: 5, cell: (s) => count(s["3xx"]), drop: 1 },
  { header: "4xx", width: 5, cell: (s) => count(s["4xx"]), drop: 0 },
  { header: "5xx", width: 5, cell: (s) => count(s["5xx"]), drop: 0 },
  { header: "bytes", width: 8, cell: (s) => bytes(s.bytes), drop: 0 },
];

/** Narrowest the name column may get before optional columns are dropped. */
export const MIN_NAME_WIDTH = 20;

function layout(columns: Column[], inner: number): { shown: Column[]; nameWidth: number } {
  let shown = columns;
  const nameWidth = () => inner - shown.reduce((w, c) => w + c.width + COLUMN_SPACING, 0);
  for (let level = 1; level <= 3 && nameWidth() < MIN_NAME_WIDTH; level++) {
    shown = shown.filter((c) => c.drop === 0 || c.drop > level);
  }
  return { shown, nameWidth: Math.max(4, nameWidth()) };
}

/**
 * One table line: the name cut with "…" so that a space always parts it from the first number,
 * then each figure right-aligned in its column.
 */
export function tableLine(
  name: string,
  nameWidth: number,
  cells: string[],
  widths: number[],
): string {
  let line = fit(name, nameWidth - COLUMN_SPACING).padEnd(nameWidth);
  cells.forEach((cell, i) => {
    const w = widths[i] as number;
    line += " ".repeat(COLUMN_SPACING) + fit(cell, w).padStart(w);
  });
  return line;
}

/**
 * The sections table for a panel `width` cells wide (borders included), sorted by `sort`: the
 * report's own rows by hits, the live view's ranking of the same interval otherwise.
 */
export function sectionsTable(
  report: ReportEvent | null,
  ranked: LiveView["ranked"],
  sort: TopOrder,
  width: number,
): TableModel {
  const { shown, nameWidth } = layout(SECTION_COLUMNS, width - 2);
  const rows = report === null ? [] : sort === "hits" ? report.sections : ranked[sort];
  const total = report?.hits ?? 0;
  const widths = shown.map((c) => c.width);
  return {
    label: ` ${fit(`Top sections · last interval · sorted by ${sort} (s changes)`, width - 6)} `,
    header: tableLine(
      "section",
      nameWidth,
      shown.map((c) => c.header),
      widths,
    ),
    rows: rows.map((s) =>
      tableLine(
        s.section,
        nameWidth,
        shown.map((c) => c.cell(s, total)),
        widths,
      ),
    ),
  };
}

/** The client hosts table for a panel `width` cells wide. */
export function hostsTable(report: ReportEvent | null, width: number): TableModel {
  const hitsWidth = 7;
  const nameWidth = Math.max(4, width - 2 - hitsWidth - COLUMN_SPACING);
  return {
    label: ` ${fit("Top client hosts", width - 6)} `,
    header: tableLine("host", nameWidth, ["hits"], [hitsWidth]),
    rows: (report?.hosts ?? []).map((h) => tableLine(h.host, nameWidth, [hits(h)], [hitsWidth])),
  };
}
