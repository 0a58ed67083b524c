// Names of tender-document fields for people: `lots[L1].items[Q1].title` →
// "标段 L1 · 响应项 Q1 · 名称". Paths come from the desk's problems and changes.
import { tk } from "./i18n.svelte";

export function fieldLabel(path: string): string {
  if (!path) return "";
  const parts: string[] = [];
  for (const m of path.matchAll(/([A-Za-z_]+)(?:\[([^\]]+)\])?/g)) {
    // The tender's own title is the project's name; a nested one is an entry's.
    const name = tk("field", m[1] === "title" && parts.length > 0 ? "entry_title" : m[1]);
    parts.push(m[2] ? `${name} ${m[2]}` : name);
  }
  return parts.join(" · ");
}
