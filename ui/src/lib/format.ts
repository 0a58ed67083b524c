// Pure formatting and filtering used by the screens; unit-tested with Vitest.
import type { TenderRow } from "./bindings/TenderRow";

export type Lang = "zh-CN" | "en";

export interface Countdown {
  past: boolean;
  /** Less than 24 hours to go. */
  near: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Time left from `now` to `deadline` (both unix seconds, server time). */
export function countdown(deadline: number, now: number): Countdown {
  let left = deadline - now;
  const past = left <= 0;
  if (past) left = 0;
  const days = Math.floor(left / 86400);
  const hours = Math.floor((left % 86400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  return { past, near: !past && left < 86400, days, hours, minutes, seconds };
}

const pad = (n: number) => String(n).padStart(2, "0");

export function formatCountdown(c: Countdown, lang: Lang): string {
  if (c.past) return lang === "zh-CN" ? "已截止" : "Closed";
  const hms = `${pad(c.hours)}:${pad(c.minutes)}:${pad(c.seconds)}`;
  if (c.days > 0) return lang === "zh-CN" ? `${c.days} 天 ${hms}` : `${c.days} d ${hms}`;
  return hms;
}

/** Beijing time (UTC+8), `YYYY-MM-DD HH:mm`, whatever the computer's time zone. */
export function beijing(unix: number, withSeconds = false): string {
  const d = new Date((unix + 8 * 3600) * 1000);
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return withSeconds ? `${s}:${pad(d.getUTCSeconds())}` : s;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Groups an exact decimal string for display (`12800000.00` → `12,800,000.00`) without floats. */
export function groupAmount(amount: string): string {
  const neg = amount.startsWith("-");
  const [int, frac] = (neg ? amount.slice(1) : amount).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (neg ? "-" : "") + grouped + (frac !== undefined ? "." + frac : "");
}

export interface TenderFilter {
  query: string;
  centre: string;
  tradingType: string;
  status: string;
}

export const emptyFilter: TenderFilter = { query: "", centre: "", tradingType: "", status: "" };

/** Tenders matching every set criterion; the query matches the title or the project code. */
export function filterTenders(rows: TenderRow[], f: TenderFilter): TenderRow[] {
  const q = f.query.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!q || r.title.toLowerCase().includes(q) || r.id.toLowerCase().includes(q)) &&
      (!f.centre || r.centre === f.centre) &&
      (!f.tradingType || r.trading_type === f.tradingType) &&
      (!f.status || r.status === f.status),
  );
}

/** The tender statuses in the order a centre reviews them. */
export const STATUSES = ["awaiting_committee_key", "open", "closed", "failed", "cancelled"] as const;

export interface CentreRow {
  code: string;
  name_zh: string;
  name_en: string;
  counts: Record<string, number>;
  total: number;
}

/** Tenders per centre and status (the centre admin's overview), centres by code. */
export function centreOverview(rows: TenderRow[]): CentreRow[] {
  const by = new Map<string, CentreRow>();
  for (const r of rows) {
    const c = by.get(r.centre) ?? { code: r.centre, name_zh: r.centre_name_zh, name_en: r.centre_name_en, counts: {}, total: 0 };
    c.counts[r.status] = (c.counts[r.status] ?? 0) + 1;
    c.total += 1;
    by.set(r.centre, c);
  }
  return [...by.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** The specialty class a code falls under, worded (`A0801` → `工程施工`), or "" when unlisted. */
export function specialtyName(code: string, classes: { code: string; zh: string; en: string }[], lang: Lang): string {
  const hit = classes.find((c) => c.code === code.slice(0, 3)) ?? (code.startsWith("A") ? undefined : classes.find((c) => c.code === code.slice(0, 1)));
  return hit ? (lang === "en" ? hit.en : hit.zh) : "";
}
