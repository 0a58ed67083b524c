//! Moving the identity's private key between the OS keychain and a passphrase-encrypted
//! key file. The key is written to its new home and read back from it before the
//! settings switch over, and only then removed from the old one: an interruption at any
//! point leaves a usable key (in one place or both), never none.

use super::identity::IdentityView;
use super::settings::KeyStoreKind;
use super::{Desk, DeskError, DeskResult};
use crate::keystore::KeyStore;
use tenderbox_seal::SystemEntropy;
use zeroize::Zeroizing;

impl Desk {
    /// Moves the key of the identity in use to `to`. Into a key file, `passphrase` is
    /// the new file's passphrase; out of one, the file must be unlocked.
    pub async fn move_key(&self, to: KeyStoreKind, passphrase: Option<String>) -> DeskResult<IdentityView> {
        let s = self.settings().await;
        let name = s.identity.clone().ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        if s.keystore == to {
            return Err(DeskError::new("keystore.same", "the key is already kept there"));
        }
        let from = self.keystore().await?;
        let (public, secret) = from.load(&name)?;
        let target = match to {
            KeyStoreKind::Keychain => {
                if !self.keychain_available() {
                    return Err(DeskError::new("keystore.no_keychain", "this computer has no OS keychain the app can use"));
                }
                KeyStore::os_with_public_dir(&self.public_dir())?
            }
            KeyStoreKind::File => {
                let p = passphrase.ok_or_else(|| DeskError::new("keystore.no_passphrase", "choose a passphrase for the key file"))?;
                KeyStore::file(&self.keyfile_dir(), Zeroizing::new(p))?
            }
        };
        match target.save(&public, &secret, &SystemEntropy::new()) {
            // An earlier move that was cut short left the same key there already.
            Err(e) if e.code() == "keystore.exists" && target.load(&name).is_ok_and(|(p, _)| p.signing_key == public.signing_key) => {}
            other => other?,
        }
        // Read back from the new home before anything else changes.
        let (check, _) = target.load(&name)?;
        if check.signing_key != public.signing_key {
            return Err(DeskError::new("keystore.verify", "the key read back from its new home is not the one written"));
        }
        let mut next = s.clone();
        next.keystore = to;
        self.set_settings(next).await?;
        *self.unlocked.lock().await = match to {
            KeyStoreKind::File => Some(target),
            KeyStoreKind::Keychain => None,
        };
        *self.session.lock().await = None;
        // Only now is the old copy removed (the public document stays where each store keeps it).
        from.delete(&name)?;
        self.identity().await?.ok_or_else(|| DeskError::new("identity.missing", "the identity was not saved"))
    }
}
