/**
 * A chart as a PNG: the SVG frame (axes, grid) is cloned with its computed colours written inline
 * (CSS variables do not reach an SVG drawn as an image) and drawn on a canvas over the panel
 * colour, the canvas layers laid over it (the lines, where they sit on screen), with the chart's
 * title above and its legend (a swatch and a line of text per series) below, and saved.
 */
import { downloadBlob } from '../../components/download';

const STYLE_PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'fill-opacity',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

const TITLE_HEIGHT_PX = 24;
const LEGEND_LINE_PX = 18;
const SWATCH_PX = 10;

export interface LegendLine {
  color: string;
  text: string;
}

function inlineStyles(source: Element, target: Element): void {
  // Clip paths and other definitions are not drawn: their computed style would hide what they clip.
  if (source.tagName === 'defs' || source.tagName === 'clipPath') return;
  const computed = getComputedStyle(source);
  const style = STYLE_PROPS.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
  target.setAttribute('style', style);
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let i = 0; i < sourceChildren.length; i++) {
    const s = sourceChildren[i];
    const t = targetChildren[i];
    if (s && t) inlineStyles(s, t);
  }
}

/** The first background colour behind `element` that is not transparent. */
function opaqueBackground(element: Element): string {
  for (let e: Element | null = element; e; e = e.parentElement) {
    const color = getComputedStyle(e).backgroundColor;
    if (color && color !== 'transparent' && color !== 'rgba(0, 0, 0, 0)') return color;
  }
  return '#ffffff';
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
    image.src = url;
  });
}

/**
 * Renders `svg` and the canvases `layers` over it (with `title` above and `legend` below) to a
 * PNG blob at the device pixel ratio.
 */
export async function svgToPngBlob(
  svg: SVGSVGElement,
  title: string,
  legend: readonly LegendLine[] = [],
  layers: readonly HTMLCanvasElement[] = [],
): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const text = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = await loadImage(url);
    const scale = Math.max(1, window.devicePixelRatio || 1);
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    const legendHeight = legend.length > 0 ? legend.length * LEGEND_LINE_PX + 8 : 0;
    const total = height + TITLE_HEIGHT_PX + legendHeight;
    canvas.height = Math.ceil(total * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.scale(scale, scale);
    const page = getComputedStyle(svg);
    ctx.fillStyle = opaqueBackground(svg);
    ctx.fillRect(0, 0, width, total);
    ctx.fillStyle = page.color;
    ctx.font = `13px ${page.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(title, 8, TITLE_HEIGHT_PX / 2, width - 16);
    ctx.drawImage(image, 0, TITLE_HEIGHT_PX, width, height);
    const box = svg.getBoundingClientRect();
    for (const layer of layers) {
      const r = layer.getBoundingClientRect();
      if (layer.width === 0 || layer.height === 0 || r.width === 0 || r.height === 0) continue;
      ctx.drawImage(layer, r.left - box.left, TITLE_HEIGHT_PX + r.top - box.top, r.width, r.height);
    }
    ctx.font = `12px ${page.fontFamily}`;
    legend.forEach((line, i) => {
      const y = TITLE_HEIGHT_PX + height + 4 + i * LEGEND_LINE_PX + LEGEND_LINE_PX / 2;
      ctx.fillStyle = line.color;
      ctx.fillRect(8, y - SWATCH_PX / 2, SWATCH_PX, SWATCH_PX);
      ctx.fillStyle = page.color;
      ctx.fillText(line.text, 8 + SWATCH_PX + 6, y, width - 30);
    });
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function exportPng(
  svg: SVGSVGElement,
  title: string,
  fileName: string,
  legend: readonly LegendLine[] = [],
  layers: readonly HTMLCanvasElement[] = [],
) {
  downloadBlob(fileName, await svgToPngBlob(svg, title, legend, layers));
}
