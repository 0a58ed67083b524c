// Generated from tenderbox_core::experts::specialty_classes by the desk's bindings test. Do not edit.

export const SPECIALTIES: { code: string; zh: string; en: string }[] = [
  { code: "A", zh: "工程", en: "Works" },
  { code: "B", zh: "货物", en: "Goods" },
  { code: "C", zh: "服务", en: "Services" },
  { code: "A01", zh: "规划", en: "Planning" },
  { code: "A02", zh: "投资策划与决策", en: "Investment planning and decision" },
  { code: "A03", zh: "勘察", en: "Survey" },
  { code: "A04", zh: "设计", en: "Design" },
  { code: "A05", zh: "监理", en: "Supervision of works" },
  { code: "A06", zh: "工程造价", en: "Cost consulting" },
  { code: "A07", zh: "项目管理（含代建）", en: "Project management (including agent construction)" },
  { code: "A08", zh: "工程施工", en: "Construction" },
  { code: "A09", zh: "其他工程", en: "Other works" },
  { code: "A10", zh: "工程总承包", en: "General contracting (EPC)" },
];
