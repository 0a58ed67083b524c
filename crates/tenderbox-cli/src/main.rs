//! `tenderbox`: the command line for bidders, agencies, custodians and scripts.
//! Every command is a thin layer over tenderbox-client / -seal / -core.

#![forbid(unsafe_code)]

mod auction;
mod auction_bench;
mod bench;
mod bid;
mod cli;
mod collusion_bench;
mod complaint;
mod credit;
mod credit_bench;
mod draw_bench;
mod draws;
mod evaluation;
mod experts;
mod identity;
mod online;
mod opening;
mod portal_bench;
mod security;
mod surge;
mod tender;
mod ui;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    let json = args.json;
    let result = match args.command {
        cli::Command::Identity(c) => identity::run(c, json),
        cli::Command::Tender(c) => tender::run(c, json),
        cli::Command::Bid(c) => bid::run(c, json),
        cli::Command::Bench(c) => bench::run(c, json),
        cli::Command::Server(c) => online::server(c, json),
        cli::Command::Log(c) => online::log(c, json),
        cli::Command::Committee(c) => opening::committee(c, json),
        cli::Command::Opening(c) => opening::opening(c, json),
        cli::Command::Supervision(c) => online::supervision(c, json),
        cli::Command::Rules(c) => online::rules(c, json),
        cli::Command::Data(c) => online::data(c, json),
        cli::Command::Release(c) => online::release(c, json),
        cli::Command::Expert(c) => experts::run(c, json),
        cli::Command::Credit(c) => credit::run(c, json),
        cli::Command::Complaint(c) => complaint::run(c, json),
        cli::Command::Auction(c) => auction::run(c, json),
        cli::Command::Calendar(c) => auction::calendar(c, json),
        cli::Command::Security(c) => security::run(c, json),
        cli::Command::Draw(c) => draws::run(c, json),
        cli::Command::Evaluation(c) => evaluation::run(c, json),
        cli::Command::Result(c) => evaluation::result(c, json),
    };
    if let Err(e) = result {
        ui::report(&e, json);
        std::process::exit(1);
    }
}
