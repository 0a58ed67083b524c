use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "tenderbox", version, about = "Tenderbox electronic public-resource trading: identities, tenders, sealed bids", long_about = None)]
pub struct Cli {
    /// Print results and errors as JSON ({"code","message"} for errors).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create and list identities (signing and encryption keys).
    #[command(subcommand)]
    Identity(IdentityCmd),
    /// Work with tender documents.
    #[command(subcommand)]
    Tender(TenderCmd),
    /// Prepare, check, seal, inspect and open bids.
    #[command(subcommand)]
    Bid(BidCmd),
    /// Measure performance.
    #[command(subcommand)]
    Bench(BenchCmd),
}

#[derive(Args, Debug, Clone)]
pub struct StoreArgs {
    /// Keep keys in passphrase-encrypted files in DIR instead of the OS keychain
    /// (passphrase from TENDERBOX_PASSPHRASE, or asked on the terminal).
    #[arg(long, value_name = "DIR")]
    pub keystore: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum IdentityCmd {
    /// Create a new identity and print its public document.
    New {
        /// Name of the organisation or person, also used to refer to the identity.
        #[arg(long)]
        name: String,
        /// Unified social credit code (统一社会信用代码), checked by GB 32100.
        #[arg(long)]
        uscc: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List the identities in the key store.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Print one public identity document.
    Show {
        name: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum TenderCmd {
    /// Write a complete example tender (engineering works, one lot, comprehensive scoring).
    Example {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Validate a tender document and print its SHA-256.
    Check { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum BidCmd {
    /// Create a bid draft folder for a tender.
    Init {
        #[arg(long, value_name = "FILE")]
        tender: PathBuf,
        #[arg(short, long, value_name = "DRAFT")]
        output: PathBuf,
    },
    /// Set a lot's price (and construction period and quality where asked).
    Price {
        draft: PathBuf,
        /// Amount in yuan, e.g. 11250000.00
        amount: String,
        /// Lot id; may be left out when the tender has one lot.
        #[arg(long)]
        lot: Option<String>,
        /// Construction period in days (工期).
        #[arg(long)]
        duration: Option<u32>,
        /// Quality commitment (质量标准).
        #[arg(long)]
        quality: Option<String>,
    },
    /// Write the response to a required item.
    Respond {
        draft: PathBuf,
        #[arg(long)]
        item: String,
        text: String,
        #[arg(long)]
        lot: Option<String>,
        /// Link the response to a scoring criterion (may repeat).
        #[arg(long)]
        criterion: Vec<String>,
    },
    /// Copy a file into the draft and attach it to a required item.
    Attach {
        draft: PathBuf,
        file: PathBuf,
        #[arg(long)]
        item: String,
        #[arg(long)]
        lot: Option<String>,
        /// Name inside the bid package (default: the file name).
        #[arg(long)]
        name: Option<String>,
    },
    /// List every missing or invalid item; exits non-zero while the draft is incomplete.
    Check { draft: PathBuf },
    /// Finalise (固化): sign and seal the draft into a .tbx file.
    Seal {
        draft: PathBuf,
        #[arg(long)]
        identity: String,
        #[command(flatten)]
        store: StoreArgs,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Print the public envelope header as JSON (no key needed).
    Inspect { file: PathBuf },
    /// Decrypt and verify a sealed bid into a new folder.
    Open {
        file: PathBuf,
        #[arg(long)]
        identity: String,
        #[command(flatten)]
        store: StoreArgs,
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum BenchCmd {
    /// Seal and open a bid of SIZE bytes and compare with raw SHA-256 and AES-256-GCM.
    Seal {
        /// Size of the bid's main attachment in bytes.
        #[arg(long)]
        size: u64,
        /// Folder for the temporary files (default: the system temp folder).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}
