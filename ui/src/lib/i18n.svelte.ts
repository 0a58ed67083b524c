import { en, zh, type MessageKey } from "./messages";
import { CODES } from "./bindings/codes";
import type { Lang } from "./format";

let current = $state<Lang>("zh-CN");

export const i18n = {
  get lang(): Lang {
    return current;
  },
  set(lang: Lang) {
    current = lang;
    if (typeof document !== "undefined") document.documentElement.lang = lang;
  },
};

/** The message for `key` in the current language, `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const table: Record<string, string> = current === "en" ? en : zh;
  return (table[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? `{${k}}`));
}

/** A message whose key is computed (event kinds, statuses); falls back to the raw value. */
export function tk(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  const table: Record<string, string> = current === "en" ? en : zh;
  return table[key] ?? value;
}

/** The wording of an error code (the registry of `tenderbox_core::codes`), or null for an unknown code. */
export function codeText(code: string): string | null {
  const entry = (CODES as Record<string, { zh: string; en: string } | undefined>)[code];
  if (!entry) return null;
  return current === "en" ? entry.en : entry.zh;
}
