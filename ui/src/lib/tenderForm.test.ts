import { describe, expect, it } from "vitest";
import { fieldLabel } from "./tenderForm";
import { i18n } from "./i18n.svelte";

describe("fieldLabel", () => {
  it("names nested fields with their ids in Chinese and English", () => {
    i18n.set("zh-CN");
    expect(fieldLabel("lots[L1].items[Q1].title")).toBe("标段 L1 · 响应项 Q1 · 名称");
    expect(fieldLabel("deadline")).toBe("投标截止时间");
    i18n.set("en");
    expect(fieldLabel("lots[L1].ceiling_price")).toBe("Lot L1 · Ceiling price");
    expect(fieldLabel("method.criteria[C2].max_points")).toBe("Evaluation method · Criterion C2 · Points");
  });
  it("keeps an unknown field as it is", () => {
    i18n.set("en");
    expect(fieldLabel("surprise")).toBe("surprise");
    expect(fieldLabel("")).toBe("");
  });
});
