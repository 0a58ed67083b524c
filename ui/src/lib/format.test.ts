import { describe, expect, it } from "vitest";
import { beijing, centreOverview, countdown, filterTenders, formatBytes, formatCountdown, groupAmount, specialtyName } from "./format";
import type { TenderRow } from "./bindings/TenderRow";

describe("countdown", () => {
  it("splits the time left and flags the last 24 hours", () => {
    const c = countdown(1_000_000 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5, 1_000_000);
    expect(c).toEqual({ past: false, near: false, days: 2, hours: 3, minutes: 4, seconds: 5 });
    expect(formatCountdown(c, "zh-CN")).toBe("2 天 03:04:05");
    expect(formatCountdown(c, "en")).toBe("2 d 03:04:05");
    const near = countdown(1000 + 3599, 1000);
    expect(near.near).toBe(true);
    expect(formatCountdown(near, "zh-CN")).toBe("00:59:59");
  });
  it("says closed at and after the deadline", () => {
    expect(countdown(10, 10).past).toBe(true);
    expect(formatCountdown(countdown(10, 99), "zh-CN")).toBe("已截止");
  });
});

describe("beijing", () => {
  it("shows UTC+8 whatever the local zone", () => {
    // 2026-12-20T02:00:00Z is 10:00 in Beijing.
    expect(beijing(Date.UTC(2026, 11, 20, 2, 0, 0) / 1000)).toBe("2026-12-20 10:00");
    expect(beijing(Date.UTC(2026, 11, 31, 16, 30, 5) / 1000, true)).toBe("2027-01-01 00:30:05");
  });
});

describe("amounts and sizes", () => {
  it("groups exact decimals without rounding", () => {
    expect(groupAmount("12800000.00")).toBe("12,800,000.00");
    expect(groupAmount("999.5")).toBe("999.5");
    expect(groupAmount("123456789012345678.01")).toBe("123,456,789,012,345,678.01");
  });
  it("formats bytes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MiB");
  });
});

describe("filterTenders", () => {
  const row = (id: string, title: string, centre: string, trading_type: string, status: string): TenderRow => ({
    id, title, centre, trading_type, status, centre_name_zh: "", centre_name_en: "", deadline: 0, version: 1,
    unseen_changes: false, lots: 1, files: 0,
  });
  const rows = [
    row("HZ-GC-1", "滨湖路道路改造", "HZ", "engineering", "open"),
    row("HZ-CG-2", "办公设备采购", "HZ-DQ", "procurement", "open"),
    row("HZ-GC-3", "德清县学校改造", "HZ-DQ", "engineering", "closed"),
  ];
  it("matches title or code, and every set criterion", () => {
    expect(filterTenders(rows, { query: "改造", centre: "", tradingType: "", status: "" }).map((r) => r.id)).toEqual(["HZ-GC-1", "HZ-GC-3"]);
    expect(filterTenders(rows, { query: "cg-2", centre: "", tradingType: "", status: "" }).map((r) => r.id)).toEqual(["HZ-CG-2"]);
    expect(filterTenders(rows, { query: "", centre: "HZ-DQ", tradingType: "engineering", status: "" }).map((r) => r.id)).toEqual(["HZ-GC-3"]);
    expect(filterTenders(rows, { query: "", centre: "", tradingType: "", status: "open" })).toHaveLength(2);
  });
});

describe("centreOverview", () => {
  it("counts tenders per centre and status", () => {
    const row = (centre: string, status: string) =>
      ({ id: `${centre}-${status}`, title: "", centre, centre_name_zh: centre === "HZ" ? "湖州市公共资源交易中心" : "德清县", centre_name_en: centre, trading_type: "engineering", status, deadline: 0, version: 1, unseen_changes: false, lots: 1, files: 0 }) as TenderRow;
    const o = centreOverview([row("DQ", "open"), row("HZ", "open"), row("HZ", "open"), row("HZ", "failed")]);
    expect(o.map((c) => c.code)).toEqual(["DQ", "HZ"]);
    expect(o[1].counts).toEqual({ open: 2, failed: 1 });
    expect(o[1].total).toBe(3);
  });
});

describe("specialtyName", () => {
  const classes = [
    { code: "A", zh: "工程", en: "Works" },
    { code: "A08", zh: "工程施工", en: "Construction" },
    { code: "C", zh: "服务", en: "Services" },
  ];
  it("names the class a code falls under", () => {
    expect(specialtyName("A0801", classes, "zh-CN")).toBe("工程施工");
    expect(specialtyName("C05", classes, "en")).toBe("Services");
    expect(specialtyName("A99", classes, "zh-CN")).toBe("");
  });
});
