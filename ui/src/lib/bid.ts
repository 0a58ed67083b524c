// Bid-editor logic that needs no window: amount text, exact decimal comparison,
// grouping the completeness problems. Unit-tested with Vitest.
import type { ProblemView } from "./bindings/ProblemView";

/** Strips grouping commas (ASCII and full-width) and spaces. */
export function cleanAmount(text: string): string {
  return text.replace(/[,，\s]/g, "");
}

/** Yuan with at most two decimals, as the bid letter accepts: `11250000`, `11,250,000.5`. */
export function isAmountText(text: string): boolean {
  return /^\d+(\.\d{1,2})?$/.test(cleanAmount(text));
}

/** Compares two non-negative decimal strings exactly (no floating point): -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const norm = (s: string) => {
    const [i, f = ""] = cleanAmount(s).split(".");
    return { i: i.replace(/^0+(?=\d)/, ""), f };
  };
  const x = norm(a);
  const y = norm(b);
  if (x.i.length !== y.i.length) return x.i.length < y.i.length ? -1 : 1;
  if (x.i !== y.i) return x.i < y.i ? -1 : 1;
  const len = Math.max(x.f.length, y.f.length);
  const xf = x.f.padEnd(len, "0");
  const yf = y.f.padEnd(len, "0");
  return xf === yf ? 0 : xf < yf ? -1 : 1;
}

/** Problems for one lot's item, one lot, or the whole bid, by their `path`. */
export function problemsAt(problems: ProblemView[], prefix: string): ProblemView[] {
  return problems.filter((p) => p.path === prefix || p.path.startsWith(prefix + ".") || p.path.startsWith(prefix + "["));
}

/** Calls `f` once `ms` after the last call; `flush` runs a pending call now. */
export function debounce<A extends unknown[]>(f: (...a: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: A | null = null;
  const run = (...a: A) => {
    last = a;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const args = last!;
      last = null;
      f(...args);
    }, ms);
  };
  run.flush = () => {
    if (timer && last) {
      clearTimeout(timer);
      timer = null;
      const args = last;
      last = null;
      f(...args);
    }
  };
  return run;
}

/** Percent-encodes a header value (file names are UTF-8). */
export function headerValue(s: string): string {
  return Array.from(new TextEncoder().encode(s))
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : "%" + b.toString(16).toUpperCase().padStart(2, "0")))
    .join("");
}

/** Problem codes the UI words itself (in the user's language); others show the server's text. */
export const WORDED_PROBLEMS = [
  "price.missing",
  "price.not_positive",
  "price.too_precise",
  "price.above_ceiling",
  "duration.missing",
  "quality.missing",
  "response.missing",
  "response.text_missing",
  "response.attachment_missing",
  "tender.amended",
  "attachment.file_missing",
] as const;

interface LotLike {
  lot: string;
  name: string;
  responses: { item: string; title: string }[];
}

/** The message key and its parameters for a completeness problem, or null to show its own text. */
export function describeProblem(p: ProblemView, lots: LotLike[]): { key: string; params: Record<string, string> } | null {
  if (!(WORDED_PROBLEMS as readonly string[]).includes(p.code)) return null;
  const key = `problem.${p.code}`;
  const resp = /^responses\[([^/\]]+)\/([^\]]+)\]/.exec(p.path);
  if (resp) {
    const title = lots.find((l) => l.lot === resp[1])?.responses.find((r) => r.item === resp[2])?.title ?? resp[2];
    return { key, params: { lot: resp[1], item: resp[2], title } };
  }
  const lot = /^lots\[([^\]]+)\]/.exec(p.path);
  if (lot) return { key, params: { lot: lot[1], name: lots.find((l) => l.lot === lot[1])?.name ?? "" } };
  const att = /^attachments\[(.+)\]$/.exec(p.path);
  return { key, params: { name: att ? att[1] : "" } };
}
