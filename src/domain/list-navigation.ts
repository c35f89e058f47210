/**
 * Keyboard movement in a list with one active row, and the scroll position that keeps a row of
 * fixed height in view. Pure: the views feed in what they read at the key press.
 */

/**
 * The row index a key moves the active row to, or undefined for a key that does not move it
 * (or an empty list). With no active row yet (`index` < 0) any move starts at the first row.
 * `pageRows` is how many rows PageUp / PageDown skip.
 */
export function moveIndex(
  key: string,
  index: number,
  count: number,
  pageRows: number,
): number | undefined {
  if (count <= 0) return undefined;
  const last = count - 1;
  const page = Math.max(1, Math.floor(pageRows));
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  if (index < 0) {
    if (key === 'End') return last;
    return ['ArrowDown', 'ArrowUp', 'Home', 'PageDown', 'PageUp'].includes(key) ? 0 : undefined;
  }
  switch (key) {
    case 'ArrowDown':
      return clamp(index + 1);
    case 'ArrowUp':
      return clamp(index - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return clamp(index + page);
    case 'PageUp':
      return clamp(index - page);
    default:
      return undefined;
  }
}

/**
 * The scroll offset that shows row `index` whole, moving as little as possible: unchanged when
 * it is already in view.
 */
export function scrollTopToShow(
  index: number,
  rowHeightPx: number,
  scrollTopPx: number,
  viewportHeightPx: number,
): number {
  const rowTop = index * rowHeightPx;
  const rowBottom = rowTop + rowHeightPx;
  if (rowTop < scrollTopPx) return rowTop;
  if (rowBottom > scrollTopPx + viewportHeightPx) return Math.max(0, rowBottom - viewportHeightPx);
  return scrollTopPx;
}

/** How many whole rows fit in a viewport, less one so that a page move keeps one row of context. */
export function rowsPerPage(viewportHeightPx: number, rowHeightPx: number): number {
  return Math.max(1, Math.floor(viewportHeightPx / rowHeightPx) - 1);
}
