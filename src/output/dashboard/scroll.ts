/** The part of a panel's rows that is shown, and which of them is selected. */
export interface Shown {
  lines: string[];
  /** Index in `lines` of the selected row; null when there are no rows. */
  highlight: number | null;
  /** The first row shown, kept for the next frame so that the view moves only when it must. */
  offset: number;
}

/**
 * The `visible` rows of `rows` starting near `offset`, moved just enough to keep the selected
 * row in view; the selection is clamped to the rows there are (tables change every report).
 */
export function shownRows(
  rows: string[],
  visible: number,
  selected: number,
  offset: number,
): Shown {
  const fit = Math.max(0, visible);
  if (rows.length === 0 || fit === 0) return { lines: [], highlight: null, offset: 0 };
  const sel = Math.min(Math.max(0, selected), rows.length - 1);
  let first = Math.min(Math.max(0, offset), Math.max(0, rows.length - fit));
  if (sel < first) first = sel;
  if (sel >= first + fit) first = sel - fit + 1;
  return { lines: rows.slice(first, first + fit), highlight: sel - first, offset: first };
}
