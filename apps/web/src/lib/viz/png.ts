/** Downloads a canvas, or an SVG drawn onto a canvas, as a PNG file. */
export async function savePng(element: HTMLCanvasElement | SVGSVGElement, filename: string): Promise<void> {
  const canvas = element instanceof HTMLCanvasElement ? element : await svgToCanvas(element);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the PNG');
  downloadBlob(blob, filename.endsWith('.png') ? filename : `${filename}.png`);
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function svgToCanvas(svg: SVGSVGElement): Promise<HTMLCanvasElement> {
  const box = svg.getBoundingClientRect();
  const scale = Math.max(1, window.devicePixelRatio || 1);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(box.width));
  clone.setAttribute('height', String(box.height));
  const source = new XMLSerializer().serializeToString(clone);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(box.width * scale);
  canvas.height = Math.round(box.height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  ctx.drawImage(image, 0, 0, box.width, box.height);
  return canvas;
}
