/**
 * A chart's SVG as a PNG: the SVG is cloned with its computed colours written inline (CSS
 * variables do not reach an SVG drawn as an image), drawn on a canvas over the panel colour with
 * the chart's title above it, and saved.
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

/** Renders `svg` (with `title` above it) to a PNG blob at the device pixel ratio. */
export async function svgToPngBlob(svg: SVGSVGElement, title: string): Promise<Blob> {
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
    canvas.height = Math.ceil((height + TITLE_HEIGHT_PX) * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.scale(scale, scale);
    const page = getComputedStyle(svg);
    ctx.fillStyle = opaqueBackground(svg);
    ctx.fillRect(0, 0, width, height + TITLE_HEIGHT_PX);
    ctx.fillStyle = page.color;
    ctx.font = `13px ${page.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(title, 8, TITLE_HEIGHT_PX / 2, width - 16);
    ctx.drawImage(image, 0, TITLE_HEIGHT_PX, width, height);
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

export async function exportPng(svg: SVGSVGElement, title: string, fileName: string) {
  downloadBlob(fileName, await svgToPngBlob(svg, title));
}
