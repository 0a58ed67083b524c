use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::ceremony::{self, Phase};
use tenderbox_seal::committee::{self, SecretShare};
use tenderbox_wire::*;

#[tokio::test]
async fn custodians_make_the_key_through_the_server_and_a_quorum_opens_a_bid_its_bidder_did_not() {
    let app = spawn().await;
    let (agency, agency_token, custodians, t, rec) = committee_tender(&app).await;
    assert_eq!(rec.summary.status, TenderStatus::AwaitingCommitteeKey);
    assert_eq!(rec.custodian_certificates.len(), 3, "the record carries each custodian's certificate");

    // Only listed custodians, each under its own number and signature.
    let (_, params, _) = app.ceremony(&t.id).await;
    let c1 = ceremony::commit(&params, &custodians[0].0.secret).unwrap();
    let path = format!("/v1/tenders/{}/committee/commitments", t.id);
    assert_eq!(app.post(&path, Some(&agency_token), &c1).await.code(), "auth.role");
    assert_eq!(app.post(&path, Some(&custodians[1].1), &c1).await.code(), "committee.author");
    let st = app.run_ceremony(&t.id, &custodians).await;
    assert_eq!(app.post(&path, Some(&custodians[0].1), &c1).await.code(), "committee.repeated");
    assert_eq!(st.phase, Phase::Done);
    assert_eq!(st.qualified, vec![1, 2, 3]);
    let pk = st.public_key.clone().unwrap();
    // Each custodian derives x_m from the verified transcript (never sent anywhere).
    let (st, params, outcome) = app.ceremony(&t.id).await;
    let key = outcome.key.unwrap();
    let shares: Vec<SecretShare> =
        custodians.iter().map(|(w, _)| ceremony::secret_share(&params, &w.secret, &st.transcript, &key).unwrap()).collect();

    // The agency sets the key by an amendment; a wrong key is refused.
    let mut v2 = t.clone();
    v2.version = 2;
    v2.committee_public_key =
        Some(tenderbox_seal::committee::CommitteePublicKey::from_base64(&st.transcript.deals[0].commitments[0]).unwrap().to_base64());
    assert_eq!(
        app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&agency_token), &sign_tender(&agency, &v2)).await.code(),
        "committee.key_mismatch"
    );
    v2.committee_public_key = Some(pk.clone());
    let rec: TenderRecord = app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&agency_token), &sign_tender(&agency, &v2)).await.into();
    assert_eq!(rec.summary.status, TenderStatus::Open);
    // The ceremony is closed once the key is set.
    assert_eq!(app.post(&path, Some(&custodians[0].1), &c1).await.code(), "committee.closed");

    // Three bids: A and B give the committee a stanza, C does not.
    let mut bidders = Vec::new();
    for (seed, name, uscc, omit) in [
        ("a", "湖州建工集团有限公司", "9135021359498494XQ", false),
        ("b", "长兴路桥工程有限公司", "91350213678251743X", false),
        ("c", "德清市政建设有限公司", "91350100M000100Y43", true),
    ] {
        let who = Who::new(seed, name, uscc);
        let token = app.registered(&who, &[Role::Bidder]).await;
        let sealed = sealed_bid_opts(&v2, &who, 500, seed, omit);
        let r: BidRecord = app.submit(&t.id, &token, &sealed, 1 << 20).await.into();
        bidders.push((who, token, sealed, r.sha256));
    }
    let e = DeterministicEntropy::new(b"partials");
    // Custodians cannot act before the deadline.
    let r = app.get(&format!("/v1/tenders/{}/opening/stanzas", t.id), Some(&custodians[0].1)).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "opening.not_yet"));
    let r_a = tenderbox_seal::envelope::read_header(&mut &bidders[0].2[..]).unwrap().committee_stanza().unwrap().share;
    let pkey = tenderbox_seal::committee::CommitteePublicKey::from_base64(&pk).unwrap();
    let early =
        vec![PostPartial { sha256: bidders[0].3.clone(), partial: committee::partial_decrypt(&shares[0], &pkey, &r_a, &e).unwrap() }];
    let r = app.post(&format!("/v1/tenders/{}/opening/partials", t.id), Some(&custodians[0].1), &early).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "opening.not_yet"));

    app.advance(3600);
    // A decrypts itself; B and C do not.
    let (a, atok, asealed, _) = &bidders[0];
    let fk = tenderbox_seal::envelope::read_header(&mut &asealed[..]).unwrap().unwrap_bidder(&a.secret).unwrap();
    use base64::Engine;
    app.post(&format!("/v1/tenders/{}/opening/sign-in", t.id), Some(atok), &json!({})).await.into::<OpeningState>();
    app.post(
        &format!("/v1/tenders/{}/opening/key", t.id),
        Some(atok),
        &PostFileKey { file_key: base64::engine::general_purpose::STANDARD.encode(fk.expose()) },
    )
    .await
    .into::<serde_json::Value>();

    // Nobody has asked for the remedy yet: the custodians have nothing to open.
    let stanzas: Vec<CommitteeStanzaInfo> = app.get(&format!("/v1/tenders/{}/opening/stanzas", t.id), Some(&custodians[0].1)).await.into();
    assert!(stanzas.is_empty());
    // B cannot decrypt and asks, signed, for the committee remedy.
    let (b, btok, _, bsha) = &bidders[1];
    let b_bid: Vec<BidRecord> = app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(btok)).await.into();
    let req = BidRequest::sign_as(REMEDY_DOMAIN, &t.id, bsha, b_bid[0].receipt.body.log_index, &b.secret);
    let r: serde_json::Value = app.post(&format!("/v1/tenders/{}/opening/remedy", t.id), Some(btok), &req).await.into();
    assert!(r["log_index"].is_u64());
    assert_eq!(app.post(&format!("/v1/tenders/{}/opening/remedy", t.id), Some(btok), &req).await.code(), "remedy.repeated");
    // Custodians 1 and 3 post partials for B's bid; custodian 2 forges one.
    let stanzas: Vec<CommitteeStanzaInfo> = app.get(&format!("/v1/tenders/{}/opening/stanzas", t.id), Some(&custodians[0].1)).await.into();
    assert_eq!(stanzas.iter().map(|s| s.sha256.as_str()).collect::<Vec<_>>(), vec![bsha.as_str()], "only B's bid is for the committee");
    let r_of =
        |s: &CommitteeStanzaInfo| -> [u8; 32] { base64::engine::general_purpose::STANDARD.decode(&s.share).unwrap().try_into().unwrap() };
    for m in [0usize, 2] {
        let list: Vec<PostPartial> = stanzas
            .iter()
            .map(|s| PostPartial {
                sha256: s.sha256.clone(),
                partial: committee::partial_decrypt(&shares[m], &pkey, &r_of(s), &e).unwrap(),
            })
            .collect();
        let r = app.post(&format!("/v1/tenders/{}/opening/partials", t.id), Some(&custodians[m].1), &list).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let fake = SecretShare::from_bytes(2, &[5u8; 32]).unwrap();
    let forged = vec![PostPartial {
        sha256: stanzas[0].sha256.clone(),
        partial: committee::partial_decrypt(&fake, &pkey, &r_of(&stanzas[0]), &e).unwrap(),
    }];
    let r = app.post(&format!("/v1/tenders/{}/opening/partials", t.id), Some(&custodians[1].1), &forged).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "committee.bad_partial"));
    assert!(r.body["message"].as_str().unwrap().contains("custodian 2"), "{}", r.body);

    app.advance(30 * 60 + 1);
    let st: OpeningState = app.post(&format!("/v1/tenders/{}/opening/record", t.id), Some(&agency_token), &json!({})).await.into();
    let lines: Vec<_> =
        st.record.unwrap().lines.into_iter().map(|l| (l.bidder_name, l.outcome, l.opened_by_committee, l.lots.len())).collect();
    assert_eq!(
        lines,
        vec![
            ("湖州建工集团有限公司".to_string(), BidOutcome::Decrypted, false, 1),
            ("长兴路桥工程有限公司".to_string(), BidOutcome::Decrypted, true, 1),
            ("德清市政建设有限公司".to_string(), BidOutcome::Revoked, false, 0),
        ]
    );

    // Custodian 2 renews its key (a new identity of the same code and role): the old
    // one is retired, but its certificate still vouches for the seat it held, so every
    // client can still check the ceremony behind the tender's key.
    let renewed = Who::new("c2-renewed", &custodians[1].0.public.name, custodians[1].0.public.uscc.as_str());
    app.registered(&renewed, &[Role::Custodian]).await;
    let api = tenderbox_client::api::Api::new(&app.base);
    let v = tenderbox_client::tenders::fetch_verified(&api, &t.id, &app.log_key().await).await.unwrap();
    assert_eq!(v.record.custodian_certificates.len(), 3);
}
