//! The expert library's rows, as a centre admin imports them from a spreadsheet (CSV,
//! UTF-8, a header line) and exports them. Every row is checked — the employer's credit
//! code, the centre, the admission rules of [`crate::experts`] — and every bad row is
//! reported by its line with the reason; an import with any bad row imports nothing.

use crate::experts::{Title, admission_problems};
use serde::{Deserialize, Serialize};

/// The columns, in order.
pub const COLUMNS: [&str; 10] =
    ["code", "name", "employer_uscc", "employer_name", "centre", "county", "specialties", "title", "years", "phone"];
/// The most rows one import takes.
pub const MAX_ROWS: usize = 20_000;

/// One expert of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertRow {
    /// The library's code for the expert (专家编号), unique.
    pub code: String,
    pub name: String,
    pub employer_uscc: String,
    pub employer_name: String,
    /// Home centre (`HZ`, `HZ-WX`…).
    pub centre: String,
    pub county: String,
    /// Specialty codes (A08, A0801…), one to four.
    pub specialties: Vec<String>,
    /// `full_senior` or `senior` (admission needs one of them).
    pub title: String,
    pub years: u32,
    pub phone: String,
}

/// A bad row: its line in the file (1 is the header), the column, a registered code
/// (worded in both languages) and the reason with the details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub code: String,
    pub message: String,
}

fn title_of(s: &str) -> Option<Title> {
    Title::parse(s).or(match s {
        "正高级" | "正高" => Some(Title::FullSenior),
        "副高级" | "副高" | "高级" => Some(Title::Senior),
        "中级" => Some(Title::Intermediate),
        "初级" => Some(Title::Junior),
        _ => None,
    })
}

fn title_key(t: Title) -> &'static str {
    match t {
        Title::FullSenior => "full_senior",
        Title::Senior => "senior",
        Title::Intermediate => "intermediate",
        Title::Junior => "junior",
    }
}

impl ExpertRow {
    /// Every problem with the row, as (column, code, reason).
    pub fn problems(&self) -> Vec<(String, String, String)> {
        let mut p = Vec::new();
        let mut bad = |c: &str, m: String| {
            let code = match c {
                "employer_uscc" => crate::uscc::Uscc::parse(&self.employer_uscc).err().map(|e| e.code()).unwrap_or("uscc.length"),
                "title" => "expert.title",
                "years" => "expert.years",
                "specialties" => "expert.specialty",
                "centre" => "expert.centre",
                _ => "expert.field",
            };
            p.push((c.to_string(), code.to_string(), m))
        };
        if self.code.is_empty() || self.code.len() > 32 || !self.code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            bad("code", format!("'{}' is not a library code (1 to 32 letters, digits and -)", self.code));
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 50 {
            bad("name", "the name must be 1 to 50 characters".into());
        }
        if let Err(e) = crate::uscc::Uscc::parse(&self.employer_uscc) {
            bad("employer_uscc", format!("'{}': {e}", self.employer_uscc));
        }
        if self.employer_name.trim().is_empty() {
            bad("employer_name", "the employer's name is missing".into());
        }
        if crate::centre::centre(&self.centre).is_none() {
            bad("centre", format!("'{}' is not a centre of the platform", self.centre));
        }
        if self.county.trim().is_empty() || self.county.chars().count() > 50 {
            bad("county", "the county must be 1 to 50 characters".into());
        }
        if !self.phone.is_empty() && (self.phone.len() > 20 || !self.phone.chars().all(|c| c.is_ascii_digit() || "+- ".contains(c))) {
            bad("phone", format!("'{}' is not a phone number", self.phone));
        }
        match title_of(&self.title) {
            None => bad("title", format!("'{}' is not a title (正高级, 副高级, 中级, 初级)", self.title)),
            Some(t) => {
                for pr in admission_problems(self.years, t, &self.specialties) {
                    let col = if pr.code == "expert.years" {
                        "years"
                    } else if pr.code == "expert.title" {
                        "title"
                    } else {
                        "specialties"
                    };
                    bad(col, pr.message);
                }
            }
        }
        p
    }
}

/// Reads a library CSV: the rows, or every bad row (nothing is taken when any row is bad).
pub fn parse_csv(text: &str) -> Result<Vec<ExpertRow>, Vec<RowError>> {
    let err = |line: u64, column: &str, message: String| RowError { line, column: column.into(), code: "expert.csv".into(), message };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rd = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = match rd.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(vec![err(1, "", format!("the header cannot be read: {e}"))]),
    };
    if header != COLUMNS {
        return Err(vec![err(1, "", format!("the header must be: {}", COLUMNS.join(",")))]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for rec in rd.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(err(line, "", format!("the line cannot be read: {e}")));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rows.len() + errors.len() >= MAX_ROWS {
            errors.push(err(line, "", format!("an import takes at most {MAX_ROWS} rows")));
            break;
        }
        if rec.len() != COLUMNS.len() {
            errors.push(err(line, "", format!("{} columns, expected {}", rec.len(), COLUMNS.len())));
            continue;
        }
        let f = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        let years = f(8);
        let title = f(7);
        let row = ExpertRow {
            code: f(0),
            name: f(1),
            employer_uscc: f(2),
            employer_name: f(3),
            centre: f(4),
            county: f(5),
            specialties: f(6).split([';', '；', '|', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
            title: title_of(&title).map(|t| title_key(t).to_string()).unwrap_or(title),
            years: years.parse().unwrap_or(0),
            phone: f(9),
        };
        let mut bad = row.problems();
        if years.parse::<u32>().is_err() {
            bad.retain(|(c, _, _)| c != "years");
            bad.push(("years".into(), "expert.years".into(), format!("'{years}' is not a whole number of years")));
        }
        if let Some(first) = seen.insert(row.code.clone(), line) {
            bad.push(("code".into(), "expert.duplicate".into(), format!("'{}' is already on line {first}", row.code)));
        }
        if bad.is_empty() {
            rows.push(row);
        } else {
            errors.extend(bad.into_iter().map(|(column, code, message)| RowError { line, column, code, message }));
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Writes rows as the CSV [`parse_csv`] reads (with the header).
pub fn to_csv(rows: &[ExpertRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).expect("in memory");
    for r in rows {
        let years = r.years.to_string();
        let specialties = r.specialties.join(";");
        w.write_record([
            &r.code,
            &r.name,
            &r.employer_uscc,
            &r.employer_name,
            &r.centre,
            &r.county,
            &specialties,
            &r.title,
            &years,
            &r.phone,
        ])
        .expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8 in, UTF-8 out")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "code,name,employer_uscc,employer_name,centre,county,specialties,title,years,phone\n\
        HZ-ZJ-0001,沈建国,91330502147052381B,湖州市交通规划设计院,HZ,吴兴区,A08;A0801,副高级,15,0572-2345678\n\
        HZ-ZJ-0002,\"钱, 玉芬\",91330522704707536Q,长兴县审计事务所,HZ,长兴县,C05,正高级,22,\n";

    #[test]
    fn a_good_file_round_trips() {
        let rows = parse_csv(GOOD).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].specialties, ["A08", "A0801"]);
        assert_eq!((rows[0].title.as_str(), rows[1].name.as_str()), ("senior", "钱, 玉芬"));
        assert_eq!(parse_csv(&to_csv(&rows)).unwrap(), rows);
        assert_eq!(parse_csv(&format!("\u{feff}{GOOD}")).unwrap(), rows, "a spreadsheet's byte-order mark is fine");
    }

    #[test]
    fn every_bad_row_is_reported_by_line_and_nothing_is_taken() {
        let bad = format!(
            "{GOOD}HZ-ZJ-0003,王明,91330502147052381X,某单位,HZ,吴兴区,A08,副高级,15,\n\
             HZ-ZJ-0004,李强,91330502147052381B,某单位,SH,吴兴区,A08,中级,5,\n\
             HZ-ZJ-0001,赵六,91330502147052381B,某单位,HZ,吴兴区,D9,副高级,十年,\n\
             too,few\n"
        );
        let e = parse_csv(&bad).unwrap_err();
        let at = |line: u64, col: &str| e.iter().any(|x| x.line == line && x.column == col);
        assert!(at(4, "employer_uscc"), "{e:?}");
        assert!(
            e.iter().any(|x| x.line == 4 && x.code == "uscc.check_mismatch")
                && e.iter().any(|x| x.line == 6 && x.code == "expert.duplicate"),
            "{e:?}"
        );
        assert!(at(5, "centre") && at(5, "title") && at(5, "years"), "{e:?}");
        assert!(at(6, "code") && at(6, "specialties") && at(6, "years"), "{e:?}");
        assert!(e.iter().any(|x| x.line == 7 && x.message.contains("columns")), "{e:?}");
        assert_eq!(parse_csv("name,code\n").unwrap_err()[0].line, 1);
    }
}
