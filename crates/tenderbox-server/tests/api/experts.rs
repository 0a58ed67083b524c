//! The expert library: a centre admin imports experts from CSV (every bad row reported by
//! line, nothing imported on any error), lists them with filters, exports them, suspends,
//! removes and reinstates them with a reason, and records the days each cannot serve;
//! supervisors read it, nobody else; every change is logged without names.

use crate::helpers::*;
use tenderbox_client::api::Api;
use tenderbox_wire::{ExpertStatusChange, Role};

const LIBRARY: &str = "code,name,employer_uscc,employer_name,centre,county,specialties,title,years,phone\n\
    HZ-ZJ-0001,沈建国,91330502147052381B,湖州市交通规划设计院,HZ,吴兴区,A08;A0801,副高级,15,0572-2345678\n\
    HZ-ZJ-0002,钱玉芬,91330522704707536Q,长兴县审计事务所,HZ,长兴县,C05,正高级,22,\n\
    HZ-ZJ-0003,陆志明,91330521MA2B0H7Q3U,德清县水利设计院,HZ,德清县,A0805,副高级,11,\n";

#[tokio::test]
async fn a_centre_admin_keeps_the_expert_library() {
    let app = spawn().await;
    let admin = Api::new(&app.base).with_token(&app.login(&app.admin).await);
    let r = admin.import_experts(LIBRARY).await.unwrap();
    assert_eq!(r.imported, 3);

    // A file with a code already in the library and a bad row: both reported by line, nothing taken.
    let again = format!(
        "{}HZ-ZJ-0004,王明,91330502147052381B,某单位,HZ,吴兴区,A08,副高级,15,\nHZ-ZJ-0001,重复,91330502147052381B,某单位,HZ,吴兴区,A08,副高级,15,\n",
        LIBRARY.lines().next().unwrap().to_string() + "\n"
    );
    let e = admin.import_experts(&again).await.unwrap_err();
    assert!(e.code() == "expert.import" && e.to_string().contains("line 3 code [expert.duplicate]"), "{e}");
    let bad =
        format!("{}HZ-ZJ-0005,赵六,91330502147052381X,某单位,HZ,吴兴区,A08,中级,6,\n", LIBRARY.lines().next().unwrap().to_string() + "\n");
    let e = admin.import_experts(&bad).await.unwrap_err();
    assert!(
        e.to_string().contains("line 2 employer_uscc [uscc.check_mismatch]")
            && e.to_string().contains("line 2 title [expert.title]")
            && e.to_string().contains("line 2 years"),
        "{e}"
    );
    assert_eq!(admin.experts(None, None, None, None).await.unwrap().len(), 3, "nothing of a refused import was taken");

    // Filters: a specialty serves its deeper codes; search by name or employer.
    let a08: Vec<String> = admin.experts(None, Some("A08"), None, None).await.unwrap().into_iter().map(|e| e.profile.code).collect();
    assert_eq!(a08, ["HZ-ZJ-0001", "HZ-ZJ-0003"]);
    assert_eq!(admin.experts(None, None, None, Some("审计")).await.unwrap()[0].profile.name, "钱玉芬");
    assert!(admin.experts(Some("HZ-WX"), None, None, None).await.unwrap().is_empty());

    // Export reads back as the same rows.
    let csv = admin.export_experts().await.unwrap();
    assert_eq!(tenderbox_core::expert_library::parse_csv(&csv).unwrap().len(), 3);

    // Standing: a suspension needs its end and a reason; a removed expert stays removed.
    let change = |status: &str, until: Option<i64>, reason: &str| ExpertStatusChange {
        status: status.into(),
        until: until.map(tenderbox_core::time::Timestamp::from_unix),
        reason: reason.into(),
    };
    assert_eq!(admin.set_expert_status("HZ-ZJ-0001", &change("suspended", None, "缺席评标")).await.unwrap_err().code(), "expert.status");
    assert_eq!(
        admin.set_expert_status("HZ-ZJ-0001", &change("suspended", Some(START + 86_400 * 90), " ")).await.unwrap_err().code(),
        "expert.reason"
    );
    let s = admin.set_expert_status("HZ-ZJ-0001", &change("suspended", Some(START + 86_400 * 90), "无故缺席评标两次")).await.unwrap();
    assert_eq!((s.status.as_str(), s.status_reason.as_deref()), ("suspended", Some("无故缺席评标两次")));
    assert_eq!(admin.experts(None, None, Some("active"), None).await.unwrap().len(), 2);
    admin.set_expert_status("HZ-ZJ-0002", &change("removed", None, "违法违规被行政处罚")).await.unwrap();
    assert_eq!(admin.set_expert_status("HZ-ZJ-0002", &change("active", None, "x")).await.unwrap_err().code(), "expert.removed");
    assert_eq!(admin.set_expert_status("HZ-ZJ-9999", &change("active", None, "x")).await.unwrap_err().code(), "expert.not_found");

    // Availability: calendar dates only.
    assert_eq!(admin.set_expert_availability("HZ-ZJ-0003", &["2026-02-30".into()]).await.unwrap_err().code(), "expert.availability");
    let a = admin.set_expert_availability("HZ-ZJ-0003", &["2026-12-21".into(), "2026-12-20".into()]).await.unwrap();
    assert_eq!(a.unavailable, ["2026-12-20", "2026-12-21"]);

    // Who reads it: supervisors yes, bidders no.
    let sup = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup = Api::new(&app.base).with_token(&app.registered(&sup, &[Role::Supervisor]).await);
    assert_eq!(sup.experts(None, None, None, None).await.unwrap().len(), 3);
    assert_eq!(sup.import_experts(LIBRARY).await.unwrap_err().code(), "auth.role");
    let bidder = Who::new("b", "湖州建工集团有限公司", "9135021359498494XQ");
    let bidder = Api::new(&app.base).with_token(&app.registered(&bidder, &[Role::Bidder]).await);
    assert_eq!(bidder.experts(None, None, None, None).await.unwrap_err().code(), "auth.role");
    assert_eq!(bidder.export_experts().await.unwrap_err().code(), "auth.role");

    // The log has each change, without names.
    let events = Api::new(&app.base).events(None).await.unwrap();
    let imported = events.iter().find(|e| e.kind == "expert.imported").unwrap();
    assert_eq!(imported.body["count"], 3);
    assert!(!imported.body.to_string().contains("沈建国"), "no names in the public log");
    assert_eq!(events.iter().filter(|e| e.kind == "expert.status").count(), 2);
}
