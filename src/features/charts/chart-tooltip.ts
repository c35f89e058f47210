/**
 * A chart's tooltip box, written straight into its element by the chart engine in the animation
 * frame that draws the crosshair: a mouse move changes only the text that changed and the box's
 * transform. (A React render of the box on each move cost about 3 ms of every frame while
 * 5,000 messages a second arrived.) The element is React's; its content is this module's.
 */
import { clockTime } from '../../domain/time-format';

export interface TooltipRow {
  /** The series' name as shown (invisible characters already marked). */
  name: string;
  color: string;
  /** The sample: its value exactly as kept, and its time (ms since the epoch). */
  value: number;
  atMs: number;
}

/** Space between the crosshair and the box (px). */
export const TOOLTIP_GAP_PX = 8;
/**
 * While the pointer sweeps, the box follows every frame but its text changes at most this often
 * (ms), and once more when it rests. A change of text costs a layout and a paint of the page
 * (~3 ms a frame at 5k msg/s); a move of the box, on its own layer, costs neither.
 */
export const TOOLTIP_TEXT_EVERY_MS = 100;

interface RowNodes {
  li: HTMLLIElement;
  swatch: HTMLSpanElement;
  name: Text;
  value: Text;
  at: HTMLSpanElement;
  atText: Text;
  color: string;
}

const setText = (node: Text, text: string) => {
  if (node.data !== text) node.data = text;
};

export class ChartTooltip {
  private readonly time: Text;
  private readonly list: HTMLUListElement;
  private readonly rows: RowNodes[] = [];
  private place = '';
  private widthPx = 0;
  /** When the text was last written (performance.now()). */
  private textAtMs = Number.NEGATIVE_INFINITY;
  /** Text not yet written, and the timer that writes it. */
  private pending: { atMs: number; rows: ReadonlyArray<TooltipRow | undefined> } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly box: HTMLElement) {
    box.replaceChildren();
    box.hidden = true;
    const time = document.createElement('div');
    time.className = 'chart-tooltip-time';
    this.time = document.createTextNode('');
    time.append(this.time);
    this.list = document.createElement('ul');
    box.append(time, this.list);
  }

  /** The chart's width (px): the box goes on the side of the crosshair with more room. */
  setWidth(widthPx: number): void {
    this.widthPx = widthPx;
  }

  /**
   * Shows the samples at `atMs` (rows in series order; none for a series without one), beside
   * the crosshair at `xPx` (px from the chart's left).
   */
  show(atMs: number, rows: ReadonlyArray<TooltipRow | undefined>, xPx: number): void {
    this.moveTo(xPx, this.widthPx);
    const wasHidden = this.box.hidden;
    this.box.hidden = false;
    const waitMs = this.textAtMs + TOOLTIP_TEXT_EVERY_MS - performance.now();
    if (wasHidden || waitMs <= 0) {
      this.writeText(atMs, rows);
      return;
    }
    this.pending = { atMs, rows };
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const pending = this.pending;
      if (pending && !this.box.hidden) this.writeText(pending.atMs, pending.rows);
    }, waitMs);
  }

  hide(): void {
    this.box.hidden = true;
    this.pending = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private writeText(atMs: number, rows: ReadonlyArray<TooltipRow | undefined>): void {
    this.pending = undefined;
    this.textAtMs = performance.now();
    setText(this.time, clockTime(atMs));
    while (this.rows.length < rows.length) this.rows.push(this.addRow());
    this.rows.forEach((nodes, i) => {
      const row = rows[i];
      nodes.li.hidden = !row;
      if (!row) return;
      if (nodes.color !== row.color) {
        nodes.color = row.color;
        nodes.swatch.style.background = row.color;
      }
      setText(nodes.name, `${row.name}: `);
      setText(nodes.value, String(row.value));
      const elsewhere = row.atMs !== atMs;
      nodes.at.hidden = !elsewhere;
      if (elsewhere) setText(nodes.atText, ` at ${clockTime(row.atMs)}`);
    });
  }

  /**
   * Beside the crosshair, on the side with more room (the box is at most half the chart wide).
   * Moved by a transform: its own layer shifts; nothing under it is laid out or painted again.
   */
  private moveTo(xPx: number, widthPx: number): void {
    const onLeft = xPx > widthPx / 2;
    const place = onLeft
      ? `translateX(calc(${xPx - TOOLTIP_GAP_PX}px - 100%))`
      : `translateX(${xPx + TOOLTIP_GAP_PX}px)`;
    if (place !== this.place) {
      this.place = place;
      this.box.style.transform = place;
    }
  }

  private addRow(): RowNodes {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    const name = document.createTextNode('');
    const strong = document.createElement('strong');
    const value = document.createTextNode('');
    strong.append(value);
    const at = document.createElement('span');
    at.className = 'muted';
    const atText = document.createTextNode('');
    at.append(atText);
    li.append(swatch, name, strong, at);
    this.list.append(li);
    return { li, swatch, name, value, at, atText, color: '' };
  }
}
