// PDF preview with pdf.js: renders one page of an attachment into a canvas.
import * as pdfjs from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export async function openPdf(bytes: ArrayBuffer) {
  return pdfjs.getDocument({ data: new Uint8Array(bytes) }).promise;
}

export async function renderPage(doc: pdfjs.PDFDocumentProxy, n: number, canvas: HTMLCanvasElement, width: number) {
  const page = await doc.getPage(n);
  const base = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: width / base.width });
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  await page.render({ canvas, viewport }).promise;
}

/** The text of page `n` (for search), its items joined. */
export async function pageText(doc: pdfjs.PDFDocumentProxy, n: number): Promise<string> {
  const page = await doc.getPage(n);
  const content = await page.getTextContent();
  return content.items.map((i) => ("str" in i ? i.str : "")).join("");
}

/** The pages whose text contains `query` (case-insensitive), in order. */
export async function findPages(doc: pdfjs.PDFDocumentProxy, query: string): Promise<number[]> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: number[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    if ((await pageText(doc, n)).toLowerCase().includes(q)) hits.push(n);
  }
  return hits;
}
