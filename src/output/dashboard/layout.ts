/** A panel's place on the screen in cells, borders included. */
export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Where every panel goes for one screen size and one amount of content. */
export interface Layout {
  chart: Rect;
  status: Rect;
  sections: Rect;
  hosts: Rect;
  history: Rect;
  /** An empty history is one line without a border ("No alerts yet"). */
  historyBorder: boolean;
}

/** Lines above the panels (header, banner) and below them (footer). */
export const TOP_LINES = 2;
export const BOTTOM_LINES = 1;

/** Smallest terminal the dashboard draws in; below it a short message is shown instead. */
export const MIN_WIDTH = 60;
export const MIN_HEIGHT = 16;

/** Lines a panel's border takes (top and bottom). */
export const BORDER = 2;

/**
 * The panels for a `width`×`height` screen whose alert history has `historyLines` lines of
 * text: the history takes what it needs (one line when empty, at most a quarter), the chart
 * and status row a bit less than half of the rest, the tables the remainder. Pure: the same
 * screen size and content always give the same layout, whether started at that size or resized
 * to it.
 */
export function layoutFor(width: number, height: number, historyLines: number): Layout {
  const area = Math.max(0, height - TOP_LINES - BOTTOM_LINES);
  const historyBorder = historyLines > 0;
  const historyHeight = historyBorder
    ? Math.min(historyLines + BORDER, Math.max(BORDER + 1, Math.floor(area / 4)))
    : 1;
  const rest = area - historyHeight;
  const topHeight = Math.max(5, Math.round(rest * 0.45));
  const tablesHeight = Math.max(0, rest - topHeight);
  const leftWidth = Math.round((width * 2) / 3);
  const rightWidth = width - leftWidth;
  const row1 = TOP_LINES;
  const row2 = row1 + topHeight;
  return {
    chart: { top: row1, left: 0, width: leftWidth, height: topHeight },
    status: { top: row1, left: leftWidth, width: rightWidth, height: topHeight },
    sections: { top: row2, left: 0, width: leftWidth, height: tablesHeight },
    hosts: { top: row2, left: leftWidth, width: rightWidth, height: tablesHeight },
    history: { top: row2 + tablesHeight, left: 0, width, height: historyHeight },
    historyBorder,
  };
}
