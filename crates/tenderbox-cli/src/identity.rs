use crate::cli::IdentityCmd;
use crate::ui::{self, Failure, Result};
use tenderbox_client::keystore;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::SystemEntropy;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};

pub fn run(cmd: IdentityCmd, json: bool) -> Result<()> {
    match cmd {
        IdentityCmd::New { name, uscc, store } => {
            let code = Uscc::parse(&uscc).map_err(|e| Failure::new(e.code(), format!("unified social credit code '{uscc}': {e}")))?;
            let ks = ui::open_store(store.keystore.as_deref(), true)?;
            let ent = SystemEntropy::new();
            let secret = SecretIdentity::generate(&ent);
            let public = PublicIdentity::new(&secret, &name, code, ui::now())?;
            ks.save(&public, &secret, &ent)?;
            if !json {
                eprintln!("Created identity '{}' in {} (fingerprint {}).", public.name, ks.describe(), public.fingerprint());
            }
            ui::print_json(&public);
        }
        IdentityCmd::List { store } => {
            let dir = keystore::public_dir_for(store.keystore.as_deref());
            let list = keystore::list_public(&dir);
            if json {
                ui::print_json(&list);
            } else if list.is_empty() {
                println!("No identities in {}. Create one with `tenderbox identity new`.", dir.display());
            } else {
                for p in list {
                    println!("{}\t{}\t{}", p.name, p.uscc, p.fingerprint());
                }
            }
        }
        IdentityCmd::Show { name, store } => {
            ui::print_json(&keystore::read_public(&keystore::public_dir_for(store.keystore.as_deref()), &name)?);
        }
    }
    Ok(())
}
