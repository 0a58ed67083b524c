import { describe, expect, it, vi } from "vitest";
import { cleanAmount, compareDecimal, debounce, headerValue, isAmountText, problemsAt } from "./bid";

describe("amount text", () => {
  it("accepts yuan with at most two decimals and grouping commas", () => {
    for (const ok of ["11250000", "11,250,000.00", "11，250，000.5", " 0.01 "]) expect(isAmountText(ok)).toBe(true);
    for (const bad of ["", "12,3a", "1.001", "-5", "1e6", "１２"]) expect(isAmountText(bad)).toBe(false);
    expect(cleanAmount("11,250,000.00")).toBe("11250000.00");
  });
});

describe("compareDecimal", () => {
  it("compares exactly, where floats would not", () => {
    expect(compareDecimal("12800000.00", "12800000")).toBe(0);
    expect(compareDecimal("12800000.01", "12800000")).toBe(1);
    expect(compareDecimal("9999999.99", "12800000")).toBe(-1);
    expect(compareDecimal("90071992547409930.01", "90071992547409930.02")).toBe(-1);
    expect(compareDecimal("007", "7.0")).toBe(0);
  });
});

describe("problemsAt", () => {
  const p = (path: string) => ({ code: "x", path, message: "" });
  it("selects the problems under a path", () => {
    const all = [p("lots[L1].price"), p("responses[L1/Q1]"), p("lots[L1]"), p("lots[L10].price")];
    expect(problemsAt(all, "lots[L1]").map((x) => x.path)).toEqual(["lots[L1].price", "lots[L1]"]);
  });
});

describe("debounce", () => {
  it("runs once with the last arguments, or now on flush", () => {
    vi.useFakeTimers();
    const f = vi.fn();
    const d = debounce(f, 500);
    d("a");
    d("b");
    vi.advanceTimersByTime(499);
    expect(f).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(f).toHaveBeenCalledWith("b");
    d("c");
    d.flush();
    expect(f).toHaveBeenLastCalledWith("c");
    expect(f).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});

describe("headerValue", () => {
  it("percent-encodes UTF-8 names", () => {
    expect(headerValue("技术标/a b.pdf")).toBe("%E6%8A%80%E6%9C%AF%E6%A0%87%2Fa%20b.pdf");
  });
});

import { describeProblem } from "./bid";

describe("describeProblem", () => {
  const lots = [{ lot: "L1", name: "施工标段", responses: [{ item: "Q1", title: "投标函" }] }];
  it("words the known problems with the lot and item they are about", () => {
    expect(describeProblem({ code: "price.missing", path: "lots[L1].price", message: "enter…" }, lots)).toEqual({
      key: "problem.price.missing",
      params: { lot: "L1", name: "施工标段" },
    });
    expect(describeProblem({ code: "response.text_missing", path: "responses[L1/Q1]", message: "" }, lots)?.params.title).toBe("投标函");
  });
  it("leaves unknown codes to their own message", () => {
    expect(describeProblem({ code: "draft.format", path: "format", message: "x" }, lots)).toBeNull();
  });
});
