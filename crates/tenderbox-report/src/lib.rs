//! The evaluation report (评标报告) as a PDF: A4, in Chinese, laid out from the report's
//! data alone — the tender, the committee, the review with every reason, the questions
//! to bidders and their answers, each lot's scores (every member's total per bid, the
//! price score, the aggregate, the rank, deviation reasons), the candidates and the
//! awards. The members sign its SHA-256 together with the report's canonical JSON; the
//! signatures themselves are kept beside it (a signed PDF cannot contain its own hash).
//!
//! Text is set with Noto Sans CJK SC (Debian's `fonts-noto-cjk`), embedded as a subset.

#![forbid(unsafe_code)]

use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tenderbox_core::Decimal;
use tenderbox_core::scoring::LotAward;
use tenderbox_wire::EvaluationReport;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(
        "the report font {0} cannot be read ({1}); install Debian's fonts-noto-cjk or set TENDERBOX_REPORT_FONT to a Noto Sans CJK .ttc"
    )]
    Font(String, String),
    #[error("the report PDF cannot be written: {0}")]
    Pdf(String),
}

impl ReportError {
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Font(..) => "report.font",
            ReportError::Pdf(_) => "report.pdf",
        }
    }
}

/// The regular and bold faces: `TENDERBOX_REPORT_FONT` (a Noto Sans CJK collection; its
/// bold is looked for beside it) or Debian's fonts-noto-cjk.
pub fn default_font_paths() -> (PathBuf, PathBuf) {
    let regular = std::env::var_os("TENDERBOX_REPORT_FONT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"));
    let bold = regular.with_file_name(
        regular.file_name().and_then(|n| n.to_str()).map(|n| n.replace("Regular", "Bold")).unwrap_or_else(|| "NotoSansCJK-Bold.ttc".into()),
    );
    (regular, bold)
}

/// The faces' bytes (regular, bold); the bold falls back to the regular.
pub fn load_fonts(regular: &Path, bold: &Path) -> Result<(Vec<u8>, Vec<u8>), ReportError> {
    let r = std::fs::read(regular).map_err(|e| ReportError::Font(regular.display().to_string(), e.to_string()))?;
    let b = std::fs::read(bold).unwrap_or_else(|_| r.clone());
    Ok((r, b))
}

/// Index of "Noto Sans CJK SC" in the Noto Sans CJK collections.
const SC_INDEX: u32 = 2;

const W: f32 = 595.28;
const H: f32 = 841.89;
const LEFT: f32 = 56.0;
const RIGHT: f32 = W - 56.0;
const TOP: f32 = 72.0;
const BOTTOM: f32 = H - 64.0;

enum Op {
    Text { x: f32, y: f32, size: f32, bold: bool, text: String },
    Rule { x1: f32, y1: f32, x2: f32, y2: f32, width: f32 },
}

/// Width of a string set at `size`: CJK glyphs are one em in Noto Sans CJK; Latin letters
/// and digits are narrower, counted at 0.6 em so that wrapping never overflows a cell.
fn width(s: &str, size: f32) -> f32 {
    s.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum::<f32>() * size
}

fn wrap(s: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for c in para.chars() {
            let mut next = line.clone();
            next.push(c);
            if width(&next, size) > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = next;
            }
        }
        lines.push(line);
    }
    lines
}

struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Layout { pages: vec![vec![]], y: TOP }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(vec![]);
        self.y = TOP;
    }

    fn need(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn text_at(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        let y = self.y + size;
        self.ops().push(Op::Text { x, y, size, bold, text: text.to_string() });
    }

    fn para(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        for line in wrap(text, size, RIGHT - LEFT - indent) {
            self.need(size * 1.6);
            self.text_at(LEFT + indent, size, bold, &line);
            self.y += size * 1.6;
        }
    }

    fn title(&mut self, text: &str, size: f32) {
        self.need(size * 2.0);
        let x = (W - width(text, size)).max(LEFT * 2.0) / 2.0;
        self.text_at(x, size, true, text);
        self.y += size * 2.0;
    }

    fn heading(&mut self, text: &str) {
        self.y += 6.0;
        self.need(13.0 * 1.8 + 40.0);
        self.text_at(LEFT, 13.0, true, text);
        self.y += 13.0 * 1.8;
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.ops().push(Op::Rule { x1, y1, x2, y2, width: 0.5 });
    }

    /// A table with ruled cells; `widths` are fractions of the text width; the header row
    /// is repeated on each page the table runs onto.
    fn table(&mut self, header: &[&str], widths: &[f32], rows: &[Vec<String>]) {
        const SIZE: f32 = 9.0;
        const LINE: f32 = 13.0;
        const PAD: f32 = 3.0;
        let total = RIGHT - LEFT;
        let xs: Vec<f32> = widths
            .iter()
            .scan(LEFT, |x, w| {
                let at = *x;
                *x += w * total;
                Some(at)
            })
            .collect();
        let cells = |row: &[String]| -> Vec<Vec<String>> {
            row.iter().enumerate().map(|(i, c)| wrap(c, SIZE, widths[i] * total - 2.0 * PAD)).collect()
        };
        let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let draw_row = |l: &mut Layout, row: &[Vec<String>], bold: bool| {
            let lines = row.iter().map(|c| c.len()).max().unwrap_or(1).max(1);
            let h = lines as f32 * LINE + 2.0 * PAD;
            let top = l.y;
            for (i, cell) in row.iter().enumerate() {
                for (k, line) in cell.iter().enumerate() {
                    l.ops().push(Op::Text { x: xs[i] + PAD, y: top + PAD + SIZE + k as f32 * LINE, size: SIZE, bold, text: line.clone() });
                }
            }
            l.rule(LEFT, top, RIGHT, top);
            l.rule(LEFT, top + h, RIGHT, top + h);
            for x in xs.iter().copied().chain(std::iter::once(RIGHT)) {
                l.rule(x, top, x, top + h);
            }
            l.y += h;
        };
        let head_cells = cells(&head);
        let head_h = head_cells.iter().map(|c| c.len()).max().unwrap_or(1) as f32 * LINE + 2.0 * PAD;
        self.need(head_h + LINE * 2.0);
        draw_row(self, &head_cells, true);
        for row in rows {
            let c = cells(row);
            let h = c.iter().map(|c| c.len()).max().unwrap_or(1) as f32 * LINE + 2.0 * PAD;
            if self.y + h > BOTTOM {
                self.new_page();
                draw_row(self, &head_cells, true);
            }
            draw_row(self, &c, false);
        }
        self.y += 8.0;
    }
}

/// 11250000.00 → 11,250,000.00
pub fn money(d: Decimal) -> String {
    let s = format!("{:.2}", d.round_dp(2));
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", int));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}

fn venue_name(code: &str) -> String {
    tenderbox_core::centre::centre(code).map(|c| c.name_zh.to_string()).unwrap_or_else(|| code.to_string())
}

/// Lays the report out.
fn lay_out(r: &EvaluationReport) -> Layout {
    let name_of = |uscc: &str| r.bidders.iter().find(|b| b.uscc == uscc).map(|b| b.name.clone()).unwrap_or_else(|| uscc.to_string());
    let seat_name = |seat: &str| r.committee.iter().find(|m| m.seat == seat).map(|m| m.name.clone()).unwrap_or_else(|| seat.to_string());
    let mut l = Layout::new();
    l.title("评标报告", 20.0);
    l.para(&r.title, 12.0, true, 0.0);
    l.para(&format!("项目编号：{}（第 {} 版招标文件）", r.tender, r.tender_version), 10.0, false, 0.0);
    l.para(&format!("招标文件 SHA-256：{}", r.tender_sha256), 8.0, false, 0.0);
    l.y += 4.0;

    l.heading("一、项目概况");
    l.para(&format!("招标人：{}", r.tenderer), 10.0, false, 0.0);
    if let Some(a) = &r.agency {
        l.para(&format!("招标代理机构：{a}"), 10.0, false, 0.0);
    }
    let method = if r.method == "comprehensive" { "综合评估法" } else { "经评审的最低投标价法" };
    l.para(&format!("评标方法：{method}"), 10.0, false, 0.0);
    l.para(&format!("开标时间：{}（北京时间）", r.opened_at.to_beijing()), 10.0, false, 0.0);
    l.para(&format!("评标开始时间：{}（北京时间）", r.evaluation_start.to_beijing()), 10.0, false, 0.0);
    l.para(&format!("投标人：{} 家", r.bidders.len()), 10.0, false, 0.0);

    l.heading("二、评标委员会");
    let rows: Vec<Vec<String>> = r
        .committee
        .iter()
        .map(|m| {
            vec![
                m.name.clone(),
                m.employer_name.clone(),
                format!("{}{}", venue_name(&m.venue), if m.main_venue { "（主场）" } else { "（副场）" }),
                if m.chair { "主任委员".into() } else { "成员".into() },
                m.seat.clone(),
            ]
        })
        .collect();
    l.table(&["姓名", "工作单位", "评标地点", "职务", "席位"], &[0.12, 0.3, 0.34, 0.1, 0.14], &rows);

    l.heading("三、资格审查和符合性审查");
    let mut rows: Vec<Vec<String>> = Vec::new();
    for b in &r.review {
        let reason = b.reason().unwrap_or_default();
        rows.push(vec![name_of(&b.bidder), if b.passed { "通过".into() } else { "不通过".into() }, reason]);
    }
    for x in r.rejected.iter().filter(|x| !r.review.iter().any(|b| b.bidder == x.bidder_uscc)) {
        rows.push(vec![x.bidder_name.clone(), "未进入评审".into(), x.reason.clone()]);
    }
    l.table(&["投标人", "结论", "原因"], &[0.32, 0.12, 0.56], &rows);
    for b in r.review.iter().filter(|b| !b.passed) {
        for f in &b.failures {
            let mut reasons = f.reasons.clone();
            reasons.dedup();
            l.para(
                &format!("{}：{}，{} 名成员中 {} 名认为不通过。理由：{}", name_of(&b.bidder), f.text, f.of, f.fails, reasons.join("；")),
                9.0,
                false,
                12.0,
            );
        }
    }

    l.heading("四、澄清");
    if r.questions.is_empty() {
        l.para("评标委员会未要求投标人澄清。", 10.0, false, 0.0);
    }
    for q in &r.questions {
        l.para(&format!("问（{}，致 {}）：{}", q.asked_at.to_beijing(), name_of(&q.bidder_uscc), q.question), 10.0, false, 0.0);
        match &q.answer {
            Some(a) => l.para(
                &format!("答（{}，已签名）：{}", q.answered_at.unwrap_or(a.doc.signed_at).to_beijing(), a.doc.answer),
                10.0,
                false,
                12.0,
            ),
            None => l.para(&format!("投标人未在 {} 前答复。", q.due_at.to_beijing()), 10.0, false, 12.0),
        }
    }

    l.heading("五、评分");
    for lot in &r.lots {
        l.para(&format!("{}（{}）", lot.name, lot.lot), 11.0, true, 0.0);
        let e = &lot.evaluation;
        if e.lines.is_empty() {
            l.para("本标段没有通过评审的投标。", 10.0, false, 0.0);
            continue;
        }
        if let Some(base) = e.base {
            l.para(&format!("评标基准价：{} 元", money(base)), 10.0, false, 0.0);
        }
        if r.method == "comprehensive" {
            let seats: Vec<String> = e.lines[0].members.iter().map(|m| m.seat.clone()).collect();
            let mut header: Vec<String> = vec!["排名".into(), "投标人".into(), "投标报价（元）".into(), "价格分".into()];
            header.extend(seats.iter().map(|s| seat_name(s)));
            header.extend(["技术得分".into(), "总分".into()]);
            let n = seats.len() as f32;
            let member_w = (0.36 / n.max(1.0)).min(0.08);
            let mut widths = vec![0.05, 0.19, 0.17, 0.07];
            widths.extend(std::iter::repeat_n(member_w, seats.len()));
            let rest = 1.0 - widths.iter().sum::<f32>();
            widths.extend([rest / 2.0, rest / 2.0]);
            let rows: Vec<Vec<String>> = e
                .lines
                .iter()
                .map(|x| {
                    let mut row = vec![
                        format!("{}{}", x.rank, if x.tied { "（并列）" } else { "" }),
                        name_of(&x.bidder),
                        money(x.price),
                        x.price_score.map(|d| d.to_string()).unwrap_or_default(),
                    ];
                    row.extend(
                        seats.iter().map(|s| x.members.iter().find(|m| &m.seat == s).map(|m| m.score.to_string()).unwrap_or_default()),
                    );
                    row.push(x.technical.map(|d| d.to_string()).unwrap_or_default());
                    row.push(x.total.to_string());
                    row
                })
                .collect();
            let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
            l.table(&header_refs, &widths, &rows);
        } else {
            let rows: Vec<Vec<String>> = e
                .lines
                .iter()
                .map(|x| vec![format!("{}{}", x.rank, if x.tied { "（并列）" } else { "" }), name_of(&x.bidder), money(x.price)])
                .collect();
            l.table(&["排名", "投标人", "评标价（元）"], &[0.12, 0.58, 0.3], &rows);
        }
        for x in &e.lines {
            for d in &x.deviations {
                let why = lot
                    .deviation_reasons
                    .iter()
                    .find(|r| r.seat == d.seat && r.bidder == x.bidder)
                    .map(|r| r.reason.clone())
                    .unwrap_or_else(|| "（未说明）".into());
                l.para(
                    &format!("评分偏离：{} 对 {} 的评分偏离平均分 {}%。说明：{}", seat_name(&d.seat), name_of(&x.bidder), d.percent, why),
                    9.0,
                    false,
                    12.0,
                );
            }
        }
    }

    l.heading("六、推荐的中标候选人");
    for (lot, c) in &r.awards.candidates {
        let name = r.lots.iter().find(|x| &x.lot == lot).map(|x| x.name.clone()).unwrap_or_else(|| lot.clone());
        let list = if c.is_empty() {
            "无".to_string()
        } else {
            c.iter()
                .enumerate()
                .map(|(i, b)| format!("第{}名 {}", "一二三".chars().nth(i).unwrap_or('三'), name_of(b)))
                .collect::<Vec<_>>()
                .join("；")
        };
        l.para(&format!("{name}：{list}"), 10.0, false, 0.0);
    }
    for a in &r.awards.awards {
        match a {
            LotAward::Tied { lot, bidders } => l.para(
                &format!(
                    "{lot}：{} 得分相同，须按招标文件规定的方式确定。",
                    bidders.iter().map(|b| name_of(b)).collect::<Vec<_>>().join("、")
                ),
                10.0,
                false,
                0.0,
            ),
            LotAward::Pending { lot, after } => l.para(&format!("{lot}：待 {after} 的并列确定后再定。"), 10.0, false, 0.0),
            _ => {}
        }
    }

    l.heading("七、签署");
    l.para(
        "本报告的规范化 JSON 与本 PDF 文件的 SHA-256 由评标委员会全体成员以各自登记的数字身份签署；持不同意见的成员在签署时写明意见及理由。签署记录与本报告一并保存，可在交易平台核验。",
        10.0,
        false,
        0.0,
    );
    l.para(&format!("报告生成时间：{}（北京时间）", r.generated_at.to_beijing()), 10.0, false, 0.0);
    l
}

/// The report as PDF bytes, with the faces given (regular, bold).
pub fn render(r: &EvaluationReport, regular: Vec<u8>, bold: Vec<u8>) -> Result<Vec<u8>, ReportError> {
    let regular = Font::new(Arc::new(regular).into(), SC_INDEX)
        .ok_or_else(|| ReportError::Font("regular".into(), "not a Noto Sans CJK collection".into()))?;
    let bold = Font::new(Arc::new(bold).into(), SC_INDEX).unwrap_or_else(|| regular.clone());
    let layout = lay_out(r);
    let total = layout.pages.len();
    let mut doc = Document::new();
    for (n, ops) in layout.pages.iter().enumerate() {
        let mut page = doc.start_page_with(PageSettings::from_wh(W, H).ok_or_else(|| ReportError::Pdf("page size".into()))?);
        let mut s = page.surface();
        s.set_fill(Some(Fill::default()));
        let header = format!("{} 评标报告", r.tender);
        s.draw_text(Point::from_xy(LEFT, 40.0), regular.clone(), 8.0, &header, false, TextDirection::Auto);
        let footer = format!("第 {} 页 共 {} 页", n + 1, total);
        s.draw_text(Point::from_xy((W - width(&footer, 8.0)) / 2.0, H - 36.0), regular.clone(), 8.0, &footer, false, TextDirection::Auto);
        for op in ops {
            match op {
                Op::Text { x, y, size, bold: b, text } => {
                    s.set_fill(Some(Fill::default()));
                    s.draw_text(
                        Point::from_xy(*x, *y),
                        if *b { bold.clone() } else { regular.clone() },
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rule { x1, y1, x2, y2, width } => {
                    let mut p = PathBuilder::new();
                    p.move_to(*x1, *y1);
                    p.line_to(*x2, *y2);
                    if let Some(path) = p.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke { width: *width, ..Stroke::default() }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                    }
                }
            }
        }
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_thousands_separators_and_fen() {
        assert_eq!(money("11250000".parse().unwrap()), "11,250,000.00");
        assert_eq!(money("980.5".parse().unwrap()), "980.50");
        assert_eq!(money("-1234567.891".parse().unwrap()), "-1,234,567.89");
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let text = "评标委员会认为该投标人提供的项目经理注册建造师证书已超过有效期，不满足招标文件第三章资格条件 3.2 款的要求。";
        let lines = wrap(text, 10.0, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 10.0) <= 120.0));
        assert_eq!(lines.concat(), text);
    }
}
