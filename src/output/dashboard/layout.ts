/** Where a panel sits in the 12×12 grid under the header and banner: row, col, rowSpan, colSpan. */
export type Cell = readonly [number, number, number, number];

/** The grid of the dashboard; the view places widgets by it and the view-model sizes text by it. */
export const LAYOUT = {
  chart: [0, 0, 4, 8],
  status: [0, 8, 4, 4],
  sections: [4, 0, 4, 8],
  hosts: [4, 8, 4, 4],
  history: [8, 0, 4, 12],
} as const satisfies Record<string, Cell>;

/** Lines above the grid (header, banner) and below it (footer). */
export const TOP_LINES = 2;
export const BOTTOM_LINES = 1;

/** Smallest terminal the dashboard draws in; below it a short message is shown instead. */
export const MIN_WIDTH = 60;
export const MIN_HEIGHT = 16;

/** Width in cells of a panel spanning `colSpan` of 12 columns of a `width`-cell screen. */
export function panelWidth(width: number, cell: Cell): number {
  return Math.floor((width * cell[3]) / 12);
}
