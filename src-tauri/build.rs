fn main() {
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json")).expect("tauri build configuration");
}
