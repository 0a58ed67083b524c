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
    /// Registration and approval on a trading server.
    #[command(subcommand)]
    Server(ServerCmd),
    /// Check a server's transparency log.
    #[command(subcommand)]
    Log(LogCmd),
    /// The committee key of a tender: the custodians' ceremony and partial decryptions.
    #[command(subcommand)]
    Committee(CommitteeCmd),
    /// The remote opening (不见面开标): record, confirmation, objections.
    #[command(subcommand)]
    Opening(OpeningCmd),
    /// The supervision system (电子监管): the audit trail and machine fingerprints.
    #[command(subcommand)]
    Supervision(SupervisionCmd),
    /// The trading rules catalogue (交易规则).
    #[command(subcommand)]
    Rules(RulesCmd),
    /// The platform's open data (开放数据), checked here against the standards' schemas.
    #[command(subcommand)]
    Data(DataCmd),
    /// Desktop releases for the in-app updates: the update key, signing, publishing.
    #[command(subcommand)]
    Release(ReleaseCmd),
    /// The expert library (评标专家库): import, list, export, suspend, remove, availability.
    #[command(subcommand)]
    Expert(ExpertCmd),
    /// The credit library (信用库): records, imports, revocations, publicity, objections.
    #[command(subcommand)]
    Credit(CreditCmd),
    /// Complaints (投诉) to the supervising department: file with evidence, accept or not, decide.
    #[command(subcommand)]
    Complaint(ComplaintCmd),
    /// Listings and auctions (挂牌、拍卖) of land, mining rights and state property.
    #[command(subcommand)]
    Auction(AuctionCmd),
    /// The holiday calendar working days are counted on (节假日).
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// Bid security (投标保证金): a bidder's status, guarantees, deposits, refunds.
    #[command(subcommand)]
    Security(SecurityCmd),
    /// The expert draw (专家抽取): request a committee, contribute entropy, show, reveal, verify.
    #[command(subcommand)]
    Draw(DrawCmd),
    /// The evaluation: the committee's session and bids, and the arithmetic anyone can re-run.
    #[command(subcommand)]
    Evaluation(EvaluationCmd),
    /// The result of a tender: candidates' publicity, objections, the award and notices.
    #[command(subcommand)]
    Result(ResultCmd),
}

#[derive(Subcommand, Debug)]
pub enum EvaluationCmd {
    /// Rank bidders from score sheets: a CSV with columns lot,bidder,expert,score (lots in
    /// the file's order are the tender's lot order); prints each lot's ranking with the
    /// aggregate (2 decimals, HALF_UP) and the winner per lot.
    Rank {
        sheet: PathBuf,
        /// mean: every member's score; trim: drop one highest and one lowest when more
        /// than 5 members scored.
        #[arg(long, default_value = "trim", value_parser = ["mean", "trim"])]
        aggregate: String,
        /// How many lots one bidder may win (1 for 兼投不兼中); without it, any number.
        #[arg(long)]
        max_lots_per_bidder: Option<u32>,
    },
    /// The evaluation session of a tender (members, centre admins, supervisors).
    Show {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Sign in at your venue (a member of the committee, from the evaluation start).
    SignIn {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Declare your conflicts with the bidders: --none, or --conflict USCC (repeatable);
    /// a conflict takes you off the committee and a supplementary draw replaces you.
    Declare {
        tender: String,
        #[arg(long, conflicts_with = "conflicts", required_unless_present = "conflicts")]
        none: bool,
        #[arg(long = "conflict", value_name = "USCC")]
        conflicts: Vec<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Vote for the chair (a member's seat, as `evaluation show` lists it).
    Vote {
        tender: String,
        seat: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Say the time is too short, with the reason (a member).
    MoreTime {
        tender: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Extend the evaluation (centre admin, once more than a third of the members asked).
    Extend {
        tender: String,
        /// The new end, Beijing time (`2026-12-20 18:00`).
        #[arg(long)]
        until: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Download the original sealed bids and open them here, each checked (a member):
    /// DIR/<bidder code>/manifest.json and attachments/.
    Bids {
        tender: String,
        #[arg(short = 'o', long)]
        out: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// Appoint one of the tenderer's registered people (identity id) as its representative
    /// on the committee (the tender's agency; within the seats the draw request kept).
    Appoint {
        tender: String,
        representative: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The committee's work: the review, each lot's scoring, the questions to bidders and
    /// the report (a member, centre admin or supervisor).
    Work {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Submit your signed review (资格审查/符合性审查): every item of every bid passes except
    /// those given with --fail BIDDER:ITEM:REASON (repeatable; ITEM as `evaluation work`
    /// lists it, e.g. Z1 or L1/T2).
    Review {
        tender: String,
        #[arg(long = "fail", value_name = "BIDDER:ITEM:REASON")]
        fails: Vec<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Submit your signed scores for a lot from a CSV with columns
    /// bidder,criterion,score,comment (a comment is required at either end of a range).
    Score {
        tender: String,
        #[arg(long)]
        lot: String,
        file: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// Explain your score for a bidder that deviates from the others' beyond the tender's threshold.
    Explain {
        tender: String,
        #[arg(long)]
        lot: String,
        #[arg(long)]
        bidder: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Ask a bidder to clarify its bid (the chair); the answer is due at --due (Beijing).
    Ask {
        tender: String,
        #[arg(long)]
        bidder: String,
        #[arg(long)]
        question: String,
        #[arg(long)]
        due: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Record how a tie the tender's tie-breaks leave open was decided (the chair), e.g.
    /// --how "监督人员在场抽签".
    Tie {
        tender: String,
        #[arg(long)]
        lot: String,
        #[arg(long)]
        bidder: String,
        #[arg(long)]
        how: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The evaluation report: --draw-up (the chair, once the work is complete); --out FILE
    /// saves its PDF after checking the PDF's and the JSON's hashes here.
    Report {
        tender: String,
        #[arg(long)]
        draw_up: bool,
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Sign the report (its JSON and PDF hashes, checked here), with --dissent TEXT if you disagree.
    SignReport {
        tender: String,
        #[arg(long)]
        dissent: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Recompute a published result from the tender's signed document and the published
    /// prices and scores (anyone): price scores, aggregates, ranking, awards; says whether
    /// they match and names every difference (exit code 1 when they do not).
    Recompute {
        tender: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// The committee's questions to you, across tenders (a bidder).
    Questions {
        #[command(flatten)]
        actor: Actor,
    },
    /// Answer the committee's question, signed (a bidder). The answer explains the bid; it
    /// cannot change the price or the substance.
    Answer {
        question: String,
        #[arg(long)]
        text: String,
        #[command(flatten)]
        actor: Actor,
    },
}

/// The result of a tender: publicity, objections, award.
#[derive(Subcommand, Debug)]
pub enum ResultCmd {
    /// Publish the candidates for --days calendar days, at least 3 (the tender's agency).
    Publicity {
        tender: String,
        #[arg(long, default_value_t = 3)]
        days: u32,
        #[command(flatten)]
        actor: Actor,
    },
    /// The published result (anyone).
    Show {
        tender: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Object to the candidates during publicity, signed (a bidder of the tender).
    Object {
        tender: String,
        #[arg(long)]
        text: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Answer an objection, signed (the tender's agency).
    AnswerObjection {
        tender: String,
        objection: String,
        #[arg(long)]
        text: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Award the tender after publicity, with every objection answered (the tender's agency).
    Award {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Your award or result notice, signed by the platform (a bidder of the tender).
    Notice {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Subcommand, Debug)]
pub enum DrawCmd {
    /// Request an evaluation committee for a tender (centre admin, or the agency where the
    /// centre allows it). The server logs its commitment; the draw runs when a supervisor
    /// contributes entropy (`draw run`).
    Request {
        tender: String,
        /// Members in all (5 or more, odd).
        #[arg(long)]
        size: u32,
        /// Seats for the tenderer's representatives (at most a third).
        #[arg(long, default_value_t = 0)]
        representatives: u32,
        /// A venue as CENTRE:ROOM (`HZ:第三评标室`); the first is the main venue, the others
        /// sub-venues (远程异地评标), each drawing from its own centre's experts.
        #[arg(long = "venue", required = true)]
        venues: Vec<String>,
        /// Experts to draw as VENUE:SPECIALTY=COUNT (`HZ:A08=3`), repeatable.
        #[arg(long = "group", required = true)]
        groups: Vec<String>,
        /// Reserve experts per group (0–2).
        #[arg(long, default_value_t = 0)]
        reserves: u32,
        /// The evaluation start, Beijing time (`2026-12-20 09:00`).
        #[arg(long)]
        start: String,
        /// Minutes each drawn expert has to answer.
        #[arg(long, default_value_t = 60)]
        answer_minutes: u32,
        /// An expert the tender names for exclusion, as CODE=REASON, repeatable.
        #[arg(long = "exclude")]
        excluded: Vec<String>,
        /// The lot, when the committee is for one lot only.
        #[arg(long)]
        lot: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Contribute the supervisor's entropy: the draw runs at once (supervisor). Give the
    /// text typed in front of witnesses, or --random for 32 bytes from this computer.
    Run {
        id: String,
        #[arg(long, conflicts_with = "random", required_unless_present = "random")]
        entropy: Option<String>,
        #[arg(long)]
        random: bool,
        #[command(flatten)]
        actor: Actor,
    },
    /// A draw: its commitment, entropy, rounds and — to those allowed — the seats.
    Show {
        id: String,
        /// Sign in as this identity to see what it may see (anonymous otherwise).
        #[arg(long)]
        identity: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// The draws of a tender.
    List {
        tender: String,
        #[arg(long)]
        identity: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Publish the secret and the pools (the drawing centre, once the evaluation started).
    Reveal {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Recompute a revealed draw from public data: every event proved in the signed log,
    /// the commitment, the checkpoints, each pool's hash, the seed and the selection.
    Verify {
        id: String,
        /// Check this saved record (`draw show --json`) instead of the server's.
        #[arg(long, value_name = "FILE")]
        record: Option<PathBuf>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// A centre's draw settings; with any option, set them (centre admin).
    Settings {
        centre: String,
        #[arg(long)]
        max_draws: Option<u32>,
        #[arg(long)]
        window_days: Option<u32>,
        #[arg(long)]
        same_tenderer_days: Option<u32>,
        #[arg(long)]
        agency_may_request: Option<bool>,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Subcommand, Debug)]
pub enum SecurityCmd {
    /// Your bid security for a tender (bidder): what is required, the reference for a bank
    /// transfer, what was received, each guarantee checked here, and how it stands.
    Status {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Issue an electronic guarantee (guarantor), signed; the tender's terms fill the rest.
    Issue {
        #[arg(long)]
        tender: String,
        /// The bidder's credit code and name.
        #[arg(long)]
        applicant: String,
        #[arg(long)]
        applicant_name: String,
        /// Your number for the guarantee (保函编号).
        #[arg(long)]
        number: String,
        /// Amount in yuan (default: the tender's security amount).
        #[arg(long)]
        amount: Option<String>,
        /// Last day valid, YYYY-MM-DD (default: the end of the bid validity period).
        #[arg(long)]
        until: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Revoke a guarantee you issued (guarantor), before the deadline, with the reason.
    Revoke {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The guarantees of a tender (your own as a guarantor; all for finance and supervisors).
    Guarantees {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Import the deposit account's bank statement (finance). Every bad row is listed by line
    /// and nothing is recorded.
    ImportStatement {
        file: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// Deposits of a tender, or every deposit due back (finance, supervisors).
    Deposits {
        #[arg(long)]
        tender: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Record a deposit returned (finance): the bank's serial, the amount and the interest.
    Refund {
        id: String,
        #[arg(long)]
        serial: String,
        #[arg(long)]
        amount: String,
        #[arg(long, default_value = "0")]
        interest: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Record the day the contract was signed (agency): the deposits fall due.
    Contract {
        tender: String,
        /// RFC 3339 time, e.g. 2026-12-28T10:00:00+08:00.
        #[arg(long)]
        signed_at: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Every bid's security as checked at the deadline.
    Checks {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Subcommand, Debug)]
pub enum CreditCmd {
    /// Import a credit portal's CSV (supervisor), signed over its SHA-256. The file is
    /// checked here first; every bad row is listed by line and nothing is imported. Rows
    /// already in force are skipped and listed.
    Import {
        file: PathBuf,
        /// Where the file came from (信用中国（浙江湖州） export of a date…).
        #[arg(long)]
        origin: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Enter one record (supervisor), signed; with --corrects, a correction of an active one.
    Add(Box<CreditAdd>),
    /// The library (supervisors, centre admins), with filters.
    List {
        #[arg(long)]
        subject: Option<String>,
        /// Part of a name, list, issuing body or number.
        #[arg(long)]
        search: Option<String>,
        /// active, revoked or corrected.
        #[arg(long)]
        status: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// One record with its history (supervisors, centre admins, its subject).
    Show {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Revoke a record with the reason (supervisor); it stays as history.
    Revoke {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The public credit listing (信用公示), without an account.
    Public {
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        search: Option<String>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Your own records, published or not, with their objections.
    Mine {
        #[command(flatten)]
        actor: Actor,
    },
    /// Object to a record about you (异议), signed.
    Object {
        id: String,
        #[arg(long)]
        text: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Objections to records (supervisors): all, or only the open ones.
    Objections {
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        actor: Actor,
    },
    /// Answer an objection (supervisor), signed: --uphold revokes the record.
    Answer {
        objection: String,
        #[arg(long)]
        uphold: bool,
        #[arg(long)]
        text: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The credit checks of a tender's bidders at the deadline and the evaluation.
    Checks {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(clap::Args, Debug)]
pub struct CreditAdd {
    /// The subject: a USCC, or an expert library code with --expert.
    #[arg(long)]
    pub subject: String,
    #[arg(long)]
    pub expert: bool,
    #[arg(long)]
    pub name: String,
    /// good (守信), bad (失信) or serious (严重失信).
    #[arg(long)]
    pub kind: String,
    /// The list or category (失信被执行人, A级纳税人…).
    #[arg(long)]
    pub list: String,
    /// The issuing body (认定机关).
    #[arg(long)]
    pub source: String,
    /// The document number (文号).
    #[arg(long)]
    pub number: String,
    /// The legal basis (依据).
    #[arg(long, default_value = "")]
    pub basis: String,
    /// First day in force, YYYY-MM-DD.
    #[arg(long)]
    pub from: String,
    /// Last day in force, YYYY-MM-DD (none: until lifted).
    #[arg(long)]
    pub until: Option<String>,
    /// Trading types restricted (engineering, procurement, land_mining, property; none: all).
    #[arg(long, value_delimiter = ',')]
    pub types: Vec<String>,
    /// Centres restricted (HZ reaches its sub-centres; none: all).
    #[arg(long, value_delimiter = ',')]
    pub centres: Vec<String>,
    /// What it bars: bidding, agency, expert (none: information only).
    #[arg(long, value_delimiter = ',')]
    pub bars: Vec<String>,
    /// The id of the active record this one corrects.
    #[arg(long)]
    pub corrects: Option<String>,
    #[command(flatten)]
    pub actor: Actor,
}

#[derive(Subcommand, Debug)]
pub enum ExpertCmd {
    /// Import experts from a CSV file (centre admin). The file is checked here first; every
    /// bad row is listed by its line and nothing is imported.
    Import {
        file: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// The library, with filters (centre admins, supervisors).
    List {
        #[arg(long)]
        centre: Option<String>,
        /// A specialty code; deeper codes under it match too.
        #[arg(long)]
        specialty: Option<String>,
        /// active, suspended or removed.
        #[arg(long)]
        status: Option<String>,
        /// Part of a name, code or employer.
        #[arg(long)]
        search: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// The whole library as CSV, in the import's columns (centre admin).
    Export {
        #[arg(short = 'o', long)]
        out: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// Suspend an expert until a date (YYYY-MM-DD, Beijing), with the reason (centre admin).
    Suspend {
        code: String,
        #[arg(long)]
        until: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Remove an expert from the library, with the reason (centre admin); kept on record.
    Remove {
        code: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Reinstate a suspended expert, with the reason (centre admin).
    Reinstate {
        code: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The days an expert cannot serve (YYYY-MM-DD …; none clears them) (centre admin).
    Unavailable {
        code: String,
        dates: Vec<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Link an approved evaluator identity to its library entry (centre admin).
    Link {
        code: String,
        #[arg(long = "to", value_name = "IDENTITY_ID")]
        to: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Rate an expert who sat on a revealed draw's committee (the tender's agency, a
    /// supervisor): each score 1–5; a note is required for a score of 2 or less.
    Rate {
        draw: String,
        code: String,
        #[arg(long)]
        punctuality: u8,
        #[arg(long)]
        diligence: u8,
        #[arg(long)]
        fairness: u8,
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// An expert's ratings (centre admins, supervisors, the expert).
    Ratings {
        code: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Your invitations to evaluation committees (an expert).
    Invitations {
        #[command(flatten)]
        actor: Actor,
    },
    /// Accept an invitation.
    Accept {
        seat: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Decline an invitation, with the reason (only the centre sees it); a supplementary
    /// draw replaces you.
    Decline {
        seat: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReleaseCmd {
    /// Make the platform's update key: DIR/update-key.json (passphrase-encrypted) and
    /// DIR/update-key.pub (build the app with TENDERBOX_UPDATE_PUBKEY set to its text;
    /// start the server with --update-key DIR/update-key.pub).
    Keygen {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Sign an installer as a version; writes INSTALLER.sig.
    Sign {
        /// The update key file (update-key.json).
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        #[arg(long)]
        version: String,
        installer: PathBuf,
    },
    /// Publish a signed installer (centre admin): uploads it and INSTALLER.sig.
    Publish {
        #[arg(long)]
        version: String,
        /// linux-x86_64, linux-aarch64, windows-x86_64, darwin-x86_64 or darwin-aarch64.
        #[arg(long, default_value = "linux-x86_64")]
        target: String,
        /// deb, rpm, appimage, msi, nsis or app; default: from the file name.
        #[arg(long)]
        bundle: Option<String>,
        /// What changed, for the users.
        #[arg(long)]
        notes: String,
        installer: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// Every published release (public).
    List {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Withdraw a release with the reason (centre admin); apps stop being offered it.
    Withdraw {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Subcommand, Debug)]
pub enum DataCmd {
    /// Download a tender's OCDS release and record packages from the server and check
    /// them against the OCDS 1.1.5 schemas (with the bids and lots extensions) kept in
    /// this program: prints each release, or every way a package breaks the schema.
    Ocds {
        /// The tender (project code).
        tender: String,
        /// Keep the two packages in this folder (`{tender}.releases.json`, `{tender}.record.json`).
        #[arg(long, value_name = "DIR")]
        out: Option<std::path::PathBuf>,
        #[command(flatten)]
        server: ServerArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum RulesCmd {
    /// The rules in force (public); --all adds the retired ones.
    List {
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Publish a rule (centre admin).
    Add {
        #[arg(long)]
        title: String,
        #[arg(long)]
        issuer: String,
        /// Document number, e.g. 湖政发〔2017〕12号.
        #[arg(long)]
        number: String,
        /// general, engineering, procurement, land_mining or property.
        #[arg(long, default_value = "general")]
        category: String,
        /// In effect from (YYYY-MM-DD, Beijing).
        #[arg(long)]
        from: String,
        /// In effect until (YYYY-MM-DD), if it has an end.
        #[arg(long, default_value = "")]
        to: String,
        #[arg(long, default_value = "")]
        url: String,
        #[arg(long, default_value = "")]
        summary: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Retire a rule with the reason (centre admin).
    Retire {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Subcommand, Debug)]
pub enum SupervisionCmd {
    /// Read the whole audit trail, recompute its hash chain and check it against
    /// every chain head the public log recorded.
    Audit {
        #[command(flatten)]
        actor: Actor,
    },
    /// Open the machine fingerprints of a tender's opened bids with your key and
    /// list the bidders that share a machine.
    Machines {
        tender: String,
        /// Raise each shared machine as a collusion alert for a decision.
        #[arg(long)]
        raise: bool,
        #[command(flatten)]
        actor: Actor,
    },
    /// The collusion alerts of an opened tender, with their decisions.
    Alerts {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The tenders your department supervises, with the alerts and complaints waiting.
    Tenders {
        #[command(flatten)]
        actor: Actor,
    },
    /// Search the audit trail by identity (id or credit code), tender, address prefix and
    /// time (dates or RFC 3339), newest first.
    Search {
        #[arg(long)]
        who: Option<String>,
        #[arg(long)]
        tender: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Trading statistics per centre for the tenders published in a period; --csv writes the
    /// spreadsheet for the annual assessment.
    Statistics {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        csv: Option<PathBuf>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Assign a supervisor identity its supervising departments (centre admin):
    /// development, finance, natural_resources, state_assets; none = the comprehensive office.
    Departments {
        supervisor: String,
        departments: Vec<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Record the decision on an alert, signed: --finding collusion|no_collusion|referred.
    Decide {
        alert: String,
        #[arg(long)]
        finding: String,
        #[arg(long)]
        reasons: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuctionCmd {
    /// Write example terms (a land listing, bidding from 21 days on) to edit and announce.
    Example {
        #[arg(short, long)]
        out: PathBuf,
    },
    /// Announce a listing or auction from a terms file (centre admin); every problem named.
    Announce {
        terms: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// Every listing and auction, with where bidding stands.
    List {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// One listing or auction: its terms and the price board.
    Show {
        id: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Apply to bid (bidder), accepting the conditions the announcement states.
    Register {
        id: String,
        /// You have read and meet the announcement's conditions.
        #[arg(long)]
        accept_conditions: bool,
        #[command(flatten)]
        actor: Actor,
    },
    /// Your registration: the deposit received and your bidding number.
    Registration {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Bid AMOUNT yuan, signed with your key (registered bidders).
    Bid {
        id: String,
        amount: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Accept the descending price of the moment (a Dutch auction).
    Accept {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Ask to go on to timed bidding when the listing closes (you bid during the listing).
    GoOn {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Seal the seller's reserve to custodians before bidding starts (centre admin): k of
    /// them are needed to open it after the end; nobody reads it before.
    SealReserve {
        id: String,
        /// The reserve price in yuan.
        #[arg(long)]
        amount: String,
        /// The custodians' identity ids, comma-separated (at least 3, certified custodians).
        #[arg(long, value_delimiter = ',')]
        custodians: Vec<String>,
        /// How many custodians must release their shares to open it.
        #[arg(long, default_value_t = 2)]
        threshold: u32,
        #[command(flatten)]
        actor: Actor,
    },
    /// A sealed round (一次报价): seal your one price to the reserve's custodians and send it,
    /// signed, before the close (registered bidders).
    SealPrice {
        id: String,
        amount: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The sealed reserve: its custodians, the shares released, and the reserve once open.
    Reserve {
        id: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Release your share of the reserve (custodian), once bidding has ended.
    Release {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The outcome, the reserve, the confirmation and the bidding history (after the end).
    Result {
        id: String,
        /// Also save the whole record (with the signed history) to this file.
        #[arg(long)]
        save: Option<PathBuf>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Sign the confirmation of the sale (成交确认书): the buyer, and a centre admin.
    Confirm {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Check a finished auction: every bid's signature, its log entry and inclusion, the
    /// replay through the rules, the reserve from the released shares, the outcome.
    Verify {
        id: String,
        /// Check this saved record (from `auction result --save`) instead of the server's.
        #[arg(long)]
        record: Option<PathBuf>,
        #[command(flatten)]
        server: ServerArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum CalendarCmd {
    /// The calendar's dates (of one year).
    List {
        #[arg(long)]
        year: Option<String>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Set a date (centre admin): a public holiday, or a weekend day worked.
    Set {
        date: String,
        /// holiday or workday.
        #[arg(long)]
        kind: String,
        /// What the State Council's notice calls it.
        #[arg(long)]
        note: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Remove a date (centre admin): it follows its weekday again.
    Clear {
        date: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Subcommand, Debug)]
pub enum ComplaintCmd {
    /// File a complaint, signed, with its evidence files (declared by SHA-256, then uploaded).
    File {
        tender: String,
        /// The party complained about (被投诉人).
        #[arg(long)]
        respondent: String,
        /// announcement, documents, opening, evaluation, result or other.
        #[arg(long)]
        step: String,
        /// The day you knew or should have known of the act (YYYY-MM-DD).
        #[arg(long)]
        known_on: String,
        #[arg(long)]
        facts: String,
        #[arg(long)]
        requests: String,
        /// An evidence file; repeat for more.
        #[arg(long = "file")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Your complaints, or (supervisors) your department's; overdue ones first.
    List {
        #[arg(long)]
        tender: Option<String>,
        /// Only those not decided yet.
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        actor: Actor,
    },
    /// One complaint with its files, time limits and decisions.
    Show {
        id: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Accept a complaint (受理), signed, with the reasons (supervisor).
    Accept {
        id: String,
        #[arg(long)]
        reasons: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Do not accept a complaint (不予受理), signed, with the reasons (supervisor).
    Refuse {
        id: String,
        #[arg(long)]
        reasons: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Decide an accepted complaint, signed: --finding upheld|partly_upheld|dismissed (supervisor).
    Decide {
        id: String,
        #[arg(long)]
        finding: String,
        #[arg(long)]
        reasons: String,
        /// The measures ordered (required unless dismissed).
        #[arg(long, default_value = "")]
        measures: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Save one evidence file of a complaint.
    Fetch {
        id: String,
        sha256: String,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// The published complaint decisions (no login).
    Decisions {
        #[arg(long)]
        tender: Option<String>,
        #[command(flatten)]
        server: ServerArgs,
    },
}

#[derive(Args, Debug, Clone)]
pub struct Actor {
    #[arg(long)]
    pub identity: String,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub server: ServerArgs,
}

#[derive(Subcommand, Debug)]
pub enum CommitteeCmd {
    /// Take every step of the committee key ceremony that is due: commit, reveal the deal, check the shares and sign the verdict, answer complaints.
    Join {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// The same as join, then show the verified state of the ceremony.
    Check {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Set the finished committee key on the tender by a signed amendment (agency).
    Finish {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// After the deadline: this custodian's partial decryptions of every committee stanza.
    Partials {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Subcommand, Debug)]
pub enum OpeningCmd {
    /// Sign in to the remote opening hall (签到), from 30 minutes before the opening.
    SignIn {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Record that the platform failed a bidder (centre admin): that bid is withdrawn (撤回), not revoked.
    PlatformFault {
        tender: String,
        /// SHA-256 of the sealed bid.
        sha256: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// In the decryption window: sign in if needed, unwrap your bid's file key locally and send only the key.
    Decrypt {
        /// Your sealed bid (.tbx) as submitted.
        file: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// In the decryption window, when you cannot decrypt your bid: ask the custodians
    /// to open it (the committee remedy, where the tender allows it). Signed for your
    /// active submission.
    Remedy {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// After the window: make the signed opening record (agency).
    Record {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Show the opening record, confirmations and objections (public).
    Show {
        tender: String,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Confirm the opening record (bidder).
    Confirm {
        tender: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Object to the opening record (bidder).
    Object {
        tender: String,
        text: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Answer an objection (agency).
    Answer {
        tender: String,
        objection: String,
        text: String,
        #[command(flatten)]
        actor: Actor,
    },
}

#[derive(Args, Debug, Clone)]
pub struct ServerArgs {
    /// The trading server.
    #[arg(long, env = "TENDERBOX_SERVER", default_value = "http://127.0.0.1:8080")]
    pub server: String,
}

#[derive(Subcommand, Debug)]
pub enum ServerCmd {
    /// Register an identity with the platform (once, for every centre).
    Register {
        #[arg(long)]
        identity: String,
        /// Role(s) asked for: bidder, agency, custodian, evaluator, supervisor.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// A document for the centre's review, as KIND=FILE (kinds: licence, authorisation,
        /// qualification, other); repeatable, at most 5.
        #[arg(long = "document", value_name = "KIND=FILE")]
        documents: Vec<String>,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// List registrations waiting for approval (centre admin).
    Pending {
        #[arg(long)]
        identity: String,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Reject a registration with the reason (centre admin).
    Reject {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        identity: String,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Approve a registration (centre admin).
    Approve {
        /// The identity id to approve (see `pending`).
        id: String,
        #[arg(long)]
        identity: String,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum LogCmd {
    /// Check the server's log only grew since the last check, and every receipt
    /// kept on this computer is in it.
    Verify {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Show the log key the server offers and its fingerprint, to compare with
    /// the one the trading centre publishes.
    Key {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Pin the server's log key on this computer after comparing it: give the
    /// fingerprint (or the key) as the trading centre publishes it. Without this,
    /// or TENDERBOX_LOG_KEY, no command trusts the server's log.
    Trust {
        /// The published fingerprint (`3f2a 91c0 …`).
        #[arg(long, required_unless_present = "key", conflicts_with = "key")]
        fingerprint: Option<String>,
        /// The published key itself (`name+id+base64`).
        #[arg(long)]
        key: Option<String>,
        #[command(flatten)]
        server: ServerArgs,
    },
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
    /// Sign and publish a tender document (agency), or amend a published one.
    Publish {
        file: PathBuf,
        #[arg(long)]
        identity: String,
        /// Publish as an amendment of the tender with the same id.
        #[arg(long)]
        amend: bool,
        /// Folder holding the package files the document lists (default: the document's folder).
        #[arg(long, value_name = "DIR")]
        files: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Cancel a published tender with the reason (its agency).
    Cancel {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        identity: String,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// List the published tenders.
    List {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// A tender's clarifications (招标文件澄清): answered ones for everyone; the
    /// agency sees every question, a bidder its own. Nobody sees who asked.
    Clarifications {
        id: String,
        /// Log in as this identity (the agency, or an asking bidder).
        #[arg(long)]
        identity: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Ask the agency a question about a tender, before its deadline (bidders).
    Ask {
        id: String,
        question: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Answer a clarification question (the tender's agency); the answer is
    /// published to everyone without the asker.
    Answer {
        id: String,
        question_id: String,
        answer: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// List package files (drawings, bills of quantities…) in a tender document by SHA-256 and size.
    Attach {
        /// The tender document to add them to (rewritten in place).
        #[arg(long, value_name = "FILE")]
        tender: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Download a tender document and its package files: the document checked against
    /// its hash, the agency's signature and certificate, and its publication in the log;
    /// every file checked against its SHA-256.
    Fetch {
        id: String,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Where to save the package files (default: the document's folder).
        #[arg(long, value_name = "DIR")]
        files: Option<PathBuf>,
        #[command(flatten)]
        server: ServerArgs,
    },
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
    /// Bid as a consortium (联合体) led by you: each member as USCC=名称 (repeat); none clears.
    Consortium {
        draft: PathBuf,
        #[arg(long = "member")]
        members: Vec<String>,
    },
    /// The legal representative's and the project manager's resident identity numbers: only
    /// keyed hashes leave this computer, sealed to supervision (an empty value clears one).
    People {
        draft: PathBuf,
        #[arg(long)]
        legal_rep: Option<String>,
        #[arg(long)]
        project_manager: Option<String>,
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
        /// Do not let the custodians' quorum open this bid where the tender
        /// makes that optional: if you cannot decrypt at the opening, it is revoked.
        #[arg(long)]
        without_committee: bool,
        #[arg(long)]
        identity: String,
        #[command(flatten)]
        store: StoreArgs,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// The server whose pinned log key checks the supervision certificates
        /// kept with the draft (read locally; sealing stays offline).
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Withdraw your bid for a tender before its deadline.
    Withdraw {
        #[arg(long)]
        tender: String,
        #[arg(long)]
        identity: String,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Upload a sealed bid (resumable) and keep its verified receipt.
    Submit {
        file: PathBuf,
        /// A consortium member's unified social credit code (repeat for each); they are
        /// signed into the submission and checked against the credit library.
        #[arg(long = "member")]
        members: Vec<String>,
        #[arg(long)]
        identity: String,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        server: ServerArgs,
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
    /// The last minute of a timed round against a real server it starts itself (a
    /// rehearsal platform): BIDDERS follow the board live and bid for SECONDS; request to
    /// acceptance and board delivery timed; `--kill-at` kills the server mid-round.
    Auction {
        #[arg(long, default_value_t = 200)]
        bidders: usize,
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Each bidder's shortest pause between bids, milliseconds.
        #[arg(long, default_value_t = 1000)]
        think_min_ms: u64,
        /// Each bidder's longest pause between bids, milliseconds.
        #[arg(long, default_value_t = 5000)]
        think_max_ms: u64,
        /// kill -9 the server this many seconds into the round and start it again.
        #[arg(long)]
        kill_at: Option<u64>,
        /// Database URL for the server (default: SQLite in its data folder).
        #[arg(long)]
        database: Option<String>,
    },
    /// The expert draw on a generated library: avoidance over every expert, the pool
    /// hash, the selection of a committee with reserves; per-draw times.
    Draw {
        #[arg(long, default_value_t = 100_000)]
        experts: usize,
        #[arg(long, default_value_t = 50)]
        draws: usize,
    },
    /// The credit check at upload creation against a real server it starts itself: upload
    /// creation timed with an empty library and with RECORDS records loaded.
    Credit {
        #[arg(long, default_value_t = 1_000_000)]
        records: usize,
        /// Bidders per phase (each creates 8 uploads).
        #[arg(long, default_value_t = 125)]
        bidders: usize,
    },
    /// The collusion signals over a generated tender of BIDS bids with FILES attachments
    /// each (a pair planted per signal).
    Collusion {
        #[arg(long, default_value_t = 500)]
        bids: usize,
        #[arg(long, default_value_t = 50)]
        files: usize,
    },
    /// Seal and open a bid of SIZE bytes and compare with raw SHA-256 and AES-256-GCM.
    Seal {
        /// Size of the bid's main attachment in bytes.
        #[arg(long)]
        size: u64,
        /// Folder for the temporary files (default: the system temp folder).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// A deadline surge against a real server process it starts itself (loopback
    /// only): many bidders each upload a sealed bid; every one must get a receipt.
    Surge {
        #[arg(long, default_value_t = 1000)]
        bidders: usize,
        /// Size of each sealed bid's main attachment, bytes.
        #[arg(long, default_value_t = 5 << 20)]
        size: u64,
        /// Uploads in flight at once.
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
        /// Database URL for the server (default: SQLite in its data folder).
        #[arg(long)]
        database: Option<String>,
        /// kill -9 the server after this many receipts, restart it, let clients resume.
        #[arg(long)]
        kill_after: Option<usize>,
        /// Work folder (sealed bids, server data); default: the system temp folder.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Public portal readers loading the home and tender pages during the surge.
        #[arg(long, default_value_t = 0)]
        readers: usize,
        /// How long the readers read, seconds from the surge's start.
        #[arg(long, default_value_t = 30)]
        read_seconds: u64,
        /// Each reader's pause between pages, milliseconds (0: back to back).
        #[arg(long, default_value_t = 0)]
        think_ms: u64,
        /// Other tenders published for the portal's lists besides the surge's own.
        #[arg(long, default_value_t = 0)]
        catalogue: usize,
    },
}
