//! The expert draw on the desks. A centre admin requests a committee (venues, groups per
//! specialty, reserves, the evaluation time) and watches it happen: the commitment logged,
//! the supervisor's entropy, each round with its checkpoint and pool hashes, the seats
//! (names only for the drawing centre), supplementary draws as experts decline, then the
//! reveal and a verification this computer recomputes from the log. A supervisor gives the
//! entropy — typed in front of witnesses, or random from this computer. An expert sees the
//! invitations with the time left to answer, accepts or declines, keeps their own profile
//! and the days they cannot serve.

use super::experts::ExpertView;
use super::{Desk, DeskError, DeskResult};
use serde::{Deserialize, Serialize};
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{DrawExclusion, DrawGroup, DrawRecord, DrawRequest, DrawVenue, Invitation};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VenueInput {
    pub centre: String,
    pub main: bool,
    pub room: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupInput {
    pub venue: String,
    pub specialty: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExclusionInput {
    pub code: String,
    pub reason: String,
}

/// The admin's committee request as the form gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DrawRequestInput {
    pub tender: String,
    pub lot: String,
    pub size: u32,
    pub representatives: u32,
    pub venues: Vec<VenueInput>,
    pub groups: Vec<GroupInput>,
    pub reserves: u32,
    /// Beijing, `YYYY-MM-DDTHH:MM` (a datetime-local field).
    pub start: String,
    pub answer_minutes: u32,
    pub excluded: Vec<ExclusionInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShortfallView {
    pub group: String,
    pub wanted: u32,
    pub available: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PoolHashView {
    pub group: String,
    pub wanted: u32,
    pub pool_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RoundView {
    pub round: u32,
    /// `initial`, `declined`, `expired`, `conflict`.
    pub reason: String,
    #[ts(type = "number")]
    pub checkpoint_size: u64,
    pub checkpoint_root: String,
    pub groups: Vec<PoolHashView>,
    pub result_hash: Option<String>,
    pub shortfall: Vec<ShortfallView>,
    /// Beijing time.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SeatView {
    pub id: String,
    pub round: u32,
    pub group: String,
    pub venue: String,
    pub specialty: String,
    pub reserve: bool,
    pub expert: String,
    pub name: String,
    pub employer_name: String,
    pub state: String,
    /// Unix seconds.
    #[ts(type = "number")]
    pub answer_by: i64,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DrawView {
    pub id: String,
    pub tender: String,
    pub tender_title: String,
    pub centre: String,
    /// `committed`, `drawn`, `failed`, `revealed`.
    pub status: String,
    pub size: u32,
    pub representatives: u32,
    pub venues: Vec<VenueInput>,
    pub groups: Vec<GroupInput>,
    pub reserves: u32,
    pub excluded: Vec<ExclusionInput>,
    /// Unix seconds.
    #[ts(type = "number")]
    pub evaluation_start: i64,
    pub answer_minutes: u32,
    pub commitment: String,
    #[ts(type = "number")]
    pub commit_index: u64,
    pub entropy_hex: Option<String>,
    /// The entropy as text, when it is readable text.
    pub entropy_text: Option<String>,
    pub supervisor: Option<String>,
    pub rounds: Vec<RoundView>,
    pub names_visible: bool,
    pub seats: Vec<SeatView>,
    pub revealed: bool,
    /// The revealed secret (hex), after the reveal.
    pub secret: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VerifyStepView {
    pub name: String,
    /// `reveal`, `commitment`, `entropy`, `logged`, `checkpoint`, `pool`, `selection`:
    /// the window words it.
    pub kind: String,
    pub round: Option<u32>,
    pub group: Option<String>,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DrawVerifyView {
    pub ok: bool,
    pub steps: Vec<VerifyStepView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct InvitationView {
    pub seat: String,
    pub draw: String,
    pub tender: String,
    pub tender_title: String,
    pub venue: String,
    pub room: String,
    pub main_venue: bool,
    pub specialty: String,
    pub reserve: bool,
    #[ts(type = "number")]
    pub evaluation_start: i64,
    #[ts(type = "number")]
    pub answer_by: i64,
    /// `invited`, `accepted`, `declined`, `expired`, `conflict`.
    pub state: String,
    pub reason: Option<String>,
}

/// A rating the expert received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RatingView {
    pub tender: String,
    /// `agency` or `supervisor`.
    pub rater_role: String,
    pub punctuality: u8,
    pub diligence: u8,
    pub fairness: u8,
    pub note: String,
    pub at: String,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    RatingView::export_all_to(dir)?;
    DrawRequestInput::export_all_to(dir)?;
    DrawView::export_all_to(dir)?;
    DrawVerifyView::export_all_to(dir)?;
    InvitationView::export_all_to(dir)
}

fn view(d: DrawRecord) -> DrawView {
    let entropy_text = d
        .entropy_hex
        .as_deref()
        .and_then(|h| hex::decode(h).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .filter(|s| s.chars().all(|c| !c.is_control()));
    let revealed = d.reveal.is_some();
    DrawView {
        id: d.id,
        tender: d.request.tender,
        tender_title: d.tender_title,
        centre: d.centre,
        status: d.status,
        size: d.request.size,
        representatives: d.request.tenderer_representatives,
        venues: d.request.venues.into_iter().map(|v| VenueInput { centre: v.centre, main: v.main, room: v.room }).collect(),
        groups: d.request.groups.into_iter().map(|g| GroupInput { venue: g.venue, specialty: g.specialty, count: g.count }).collect(),
        reserves: d.request.reserves_per_group,
        excluded: d.request.excluded.into_iter().map(|x| ExclusionInput { code: x.code, reason: x.reason }).collect(),
        evaluation_start: d.request.evaluation_start.unix(),
        answer_minutes: d.request.answer_minutes,
        commitment: d.commitment,
        commit_index: d.commit_index,
        entropy_hex: d.entropy_hex,
        entropy_text,
        supervisor: d.supervisor,
        rounds: d
            .rounds
            .into_iter()
            .map(|r| RoundView {
                round: r.round,
                reason: r.reason,
                checkpoint_size: r.checkpoint_size,
                checkpoint_root: r.checkpoint_root,
                groups: r.groups.into_iter().map(|g| PoolHashView { group: g.group, wanted: g.wanted, pool_hash: g.pool_hash }).collect(),
                result_hash: r.result_hash,
                shortfall: r
                    .shortfall
                    .into_iter()
                    .map(|s| ShortfallView { group: s.group, wanted: s.wanted, available: s.available })
                    .collect(),
                at: r.at.to_beijing(),
            })
            .collect(),
        names_visible: d.names_visible,
        seats: d
            .seats
            .into_iter()
            .map(|s| SeatView {
                id: s.id,
                round: s.round,
                group: s.group,
                venue: s.venue,
                specialty: s.specialty,
                reserve: s.reserve,
                expert: s.expert,
                name: s.name,
                employer_name: s.employer_name,
                state: s.state,
                answer_by: s.answer_by.unix(),
                reason: s.reason,
            })
            .collect(),
        revealed,
        secret: d.reveal.map(|r| r.secret),
    }
}

fn invitation(i: Invitation) -> InvitationView {
    InvitationView {
        seat: i.seat,
        draw: i.draw,
        tender: i.tender,
        tender_title: i.tender_title,
        venue: i.venue,
        room: i.room,
        main_venue: i.main_venue,
        specialty: i.specialty,
        reserve: i.reserve,
        evaluation_start: i.evaluation_start.unix(),
        answer_by: i.answer_by.unix(),
        state: i.state,
        reason: i.reason,
    }
}

/// A datetime-local value (`2026-12-20T09:00`), read as Beijing time.
pub(super) fn beijing_local(s: &str) -> DeskResult<Timestamp> {
    let s = s.trim();
    let full = if s.len() == 16 { format!("{s}:00+08:00") } else { format!("{s}+08:00") };
    Timestamp::parse(&full).map_err(|_| DeskError::new("draw.start", format!("'{s}' is not a date and time")))
}

impl Desk {
    /// Every draw this identity may see, newest first.
    pub async fn draws(&self) -> DeskResult<Vec<DrawView>> {
        let api = self.session_api().await?;
        Ok(api.draws(None).await?.into_iter().map(view).collect())
    }

    pub async fn draw(&self, id: &str) -> DeskResult<DrawView> {
        let api = self.session_api().await?;
        Ok(view(api.draw(id).await?))
    }

    /// Sends a committee request; the server checks it against the law and logs its commitment.
    pub async fn draw_request(&self, input: DrawRequestInput) -> DeskResult<DrawView> {
        let r = DrawRequest {
            tender: input.tender.trim().to_string(),
            lot: Some(input.lot.trim().to_string()).filter(|l| !l.is_empty()),
            size: input.size,
            tenderer_representatives: input.representatives,
            venues: input.venues.into_iter().map(|v| DrawVenue { centre: v.centre, main: v.main, room: v.room.trim().into() }).collect(),
            groups: input
                .groups
                .into_iter()
                .map(|g| DrawGroup { venue: g.venue, specialty: g.specialty.trim().to_ascii_uppercase(), count: g.count })
                .collect(),
            reserves_per_group: input.reserves,
            evaluation_start: beijing_local(&input.start)?,
            answer_minutes: input.answer_minutes,
            excluded: input
                .excluded
                .into_iter()
                .filter(|x| !x.code.trim().is_empty())
                .map(|x| DrawExclusion { code: x.code.trim().into(), reason: x.reason.trim().into() })
                .collect(),
        };
        let api = self.session_api().await?;
        Ok(view(api.request_draw(&r).await?))
    }

    /// The supervisor's entropy: the text typed in front of witnesses (its UTF-8 bytes), or
    /// 32 random bytes from this computer when `text` is empty. The draw runs at once.
    pub async fn draw_entropy(&self, id: &str, text: &str) -> DeskResult<DrawView> {
        let bytes = if text.trim().is_empty() {
            let mut b = vec![0u8; 32];
            ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut b)
                .map_err(|_| DeskError::new("draw.entropy", "this computer gave no random bytes"))?;
            b
        } else {
            text.trim().as_bytes().to_vec()
        };
        let api = self.session_api().await?;
        Ok(view(api.draw_entropy(id, &bytes).await?))
    }

    pub async fn draw_reveal(&self, id: &str) -> DeskResult<DrawView> {
        let api = self.session_api().await?;
        Ok(view(api.reveal_draw(id).await?))
    }

    /// Recomputes a revealed draw here, from the log (pinned key) and the published data.
    pub async fn draw_verify(&self, id: &str) -> DeskResult<DrawVerifyView> {
        let log_key = self
            .store
            .meta(crate::sync::META_LOG_KEY)
            .await?
            .ok_or_else(|| DeskError::new("log.key", "this computer has not pinned the platform's log key yet; sync first"))?;
        let stored = self.store.meta(crate::sync::META_CHECKPOINT).await?;
        let api = self.session_api().await?;
        let (report, note) = crate::draw_verify::verify(&api, &log_key, stored.as_deref(), id, None).await?;
        self.store.set_meta(crate::sync::META_CHECKPOINT, &note).await?;
        Ok(DrawVerifyView {
            ok: report.ok,
            steps: report
                .steps
                .into_iter()
                .map(|s| {
                    // "round 1: pool HZ:A08" → round 1, kind pool, group HZ:A08.
                    let (round, rest) = match s.name.strip_prefix("round ").and_then(|r| r.split_once(": ")) {
                        Some((n, rest)) => (n.parse().ok(), rest.to_string()),
                        None => (None, s.name.clone()),
                    };
                    let (kind, group) = match rest.split_once(' ') {
                        Some((k, g)) => (k.to_string(), Some(g.to_string())),
                        None => (rest, None),
                    };
                    VerifyStepView { name: s.name, kind, round, group, ok: s.ok, detail: s.detail }
                })
                .collect(),
        })
    }

    /// This expert's invitations, newest first.
    pub async fn invitations(&self) -> DeskResult<Vec<InvitationView>> {
        let api = self.session_api().await?;
        Ok(api.invitations().await?.into_iter().map(invitation).collect())
    }

    pub async fn invitation_answer(&self, seat: &str, accept: bool, reason: &str) -> DeskResult<InvitationView> {
        let api = self.session_api().await?;
        let reason = Some(reason.trim()).filter(|r| !r.is_empty());
        Ok(invitation(api.answer_invitation(seat, accept, reason).await?))
    }

    /// This expert's own entry in the library.
    pub async fn my_expert(&self) -> DeskResult<ExpertView> {
        let api = self.session_api().await?;
        Ok(super::experts::view(api.my_expert_record().await?))
    }

    /// The ratings this expert received, newest first.
    pub async fn my_ratings(&self) -> DeskResult<Vec<RatingView>> {
        let api = self.session_api().await?;
        let me = api.my_expert_record().await?;
        Ok(api
            .expert_ratings(&me.profile.code)
            .await?
            .into_iter()
            .map(|r| RatingView {
                tender: r.tender,
                rater_role: r.rater_role,
                punctuality: r.punctuality,
                diligence: r.diligence,
                fairness: r.fairness,
                note: r.note,
                at: r.at.to_beijing(),
            })
            .collect())
    }

    /// The days this expert cannot serve (replacing the list).
    pub async fn my_availability(&self, days: Vec<String>) -> DeskResult<ExpertView> {
        let api = self.session_api().await?;
        let me = api.my_expert_record().await?;
        Ok(super::experts::view(api.set_expert_availability(&me.profile.code, &days).await?))
    }
}
