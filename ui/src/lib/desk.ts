// Typed calls into the Rust side. Types come from the generated bindings.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AppStatus } from "./bindings/AppStatus";
import type { DeskError } from "./bindings/DeskError";
import type { DeskEvent } from "./bindings/DeskEvent";
import type { FileView } from "./bindings/FileView";
import type { IdentityView } from "./bindings/IdentityView";
import type { KeyStoreKind } from "./bindings/KeyStoreKind";
import type { Settings } from "./bindings/Settings";
import type { TenderRow } from "./bindings/TenderRow";
import type { TenderView } from "./bindings/TenderView";
import type { UsccCheck } from "./bindings/UsccCheck";

export function isDeskError(e: unknown): e is DeskError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** A message for any rejection: the desk's own `{code, message}`, or whatever else came back. */
export function errorText(e: unknown): string {
  if (isDeskError(e)) return e.message;
  return String(e);
}

export const desk = {
  status: () => invoke<AppStatus>("status"),
  setSettings: (settings: Settings) => invoke<Settings>("set_settings", { settings }),
  checkUscc: (text: string) => invoke<UsccCheck>("check_uscc", { text }),
  createIdentity: (name: string, uscc: string, keystore: KeyStoreKind, passphrase: string | null) =>
    invoke<IdentityView>("create_identity", { name, uscc, keystore, passphrase }),
  unlock: (passphrase: string) => invoke<IdentityView>("unlock", { passphrase }),
  register: () => invoke<IdentityView>("register"),
  syncNow: () => invoke<void>("sync_now"),
  tenders: () => invoke<TenderRow[]>("tenders"),
  tender: (id: string) => invoke<TenderView>("tender", { id }),
  serverNow: () => invoke<number>("server_now"),
  downloadFiles: (id: string, onProgress: (file: number, done: number, total: number) => void) => {
    const progress = new Channel<[number, number, number]>();
    progress.onmessage = ([f, d, n]) => onProgress(f, d, n);
    return invoke<FileView[]>("download_files", { id, progress });
  },
  onEvent: (handler: (e: DeskEvent) => void): Promise<UnlistenFn> => listen<DeskEvent>("desk", (e) => handler(e.payload)),
};
