//! Following a bidding room live: the server's event stream of one auction's board
//! (`GET /v1/auctions/{id}/board/stream`, server-sent events), reconnecting by itself
//! with a growing pause (1 s doubling to 8 s) and saying so. Each board carries the
//! server's time, so the room's countdown runs on the server's clock between events.

use crate::api::Api;
use tenderbox_wire::AuctionBoard;

/// What the stream says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomNews {
    Board(AuctionBoard),
    /// The outcome was decided (fetch the result).
    Result,
    /// Connected (`true`) or lost and reconnecting (`false`).
    Connection(bool),
}

/// Splits a server-sent events text into (event, data) messages; returns what is left of
/// an unfinished message.
pub fn parse_events(buffer: &str) -> (Vec<(String, String)>, String) {
    let mut out = Vec::new();
    let normalised = buffer.replace("\r\n", "\n");
    let mut rest = normalised.as_str();
    while let Some(end) = rest.find("\n\n") {
        let block = &rest[..end];
        rest = &rest[end + 2..];
        let mut event = "message".to_string();
        let mut data = Vec::new();
        for line in block.lines() {
            if let Some(v) = line.strip_prefix("event:") {
                event = v.trim_start().to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
            }
        }
        if !data.is_empty() {
            out.push((event, data.join("\n")));
        }
    }
    (out, rest.to_string())
}

/// Follows auction `id` on `server` until `on` returns false. Never returns an error: a
/// lost connection is reported and retried.
pub async fn follow(server: &str, id: &str, on: impl Fn(RoomNews) -> bool + Send + Sync) {
    let api = Api::new(server);
    let mut pause = std::time::Duration::from_secs(1);
    loop {
        if let Ok(mut resp) = api.auction_board_stream(id).await {
            if !on(RoomNews::Connection(true)) {
                return;
            }
            pause = std::time::Duration::from_secs(1);
            // Bytes until a whole message is in: a chunk may end inside a character.
            let mut buffer: Vec<u8> = Vec::new();
            while let Ok(Some(chunk)) = resp.chunk().await {
                buffer.extend_from_slice(&chunk);
                let Some(end) = buffer.windows(2).rposition(|w| w == b"\n\n") else { continue };
                let whole: Vec<u8> = buffer.drain(..end + 2).collect();
                let (events, _) = parse_events(&String::from_utf8_lossy(&whole));
                for (event, data) in events {
                    let news = match event.as_str() {
                        "board" => match serde_json::from_str::<AuctionBoard>(&data) {
                            Ok(b) => RoomNews::Board(b),
                            Err(_) => continue,
                        },
                        "result" => RoomNews::Result,
                        _ => continue,
                    };
                    if !on(news) {
                        return;
                    }
                }
            }
        }
        if !on(RoomNews::Connection(false)) {
            return;
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(std::time::Duration::from_secs(8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_on_blank_lines_and_keep_the_unfinished_rest() {
        let (ev, rest) = parse_events("event: board\ndata: {\"a\":1}\n\n: keep-alive\n\nevent: result\r\ndata: {}\r\n\r\nevent: bo");
        assert_eq!(ev, [("board".to_string(), "{\"a\":1}".to_string()), ("result".to_string(), "{}".to_string())]);
        assert_eq!(rest, "event: bo");
    }
}
