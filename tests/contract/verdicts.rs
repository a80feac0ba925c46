//! Verdicts end to end through the mock, for each vendor behind `dyn LivenessProvider`, and the
//! evidence they carry: decoded, downloaded and checked.

use contract_tests::clients;
use liveness::HttpOptions;
use liveness::verdict::{
    EvidenceError, EvidenceKind, LivenessProvider, MediaType, Outcome, RejectReason, SpoofKind,
};
use liveness_mock::{Fault, FaultRule, MockConfig, MockServer, Outcome as MockOutcome, Vendor};

fn providers(base: &str) -> Vec<(Vendor, Box<dyn LivenessProvider>)> {
    let options = HttpOptions::default;
    vec![
        (Vendor::Tencent, Box::new(clients::tencent(base, options()))),
        (
            Vendor::TrustDecision,
            Box::new(clients::trustdecision(base, options())),
        ),
        (
            Vendor::Talentomobile,
            Box::new(clients::talentomobile(base, options())),
        ),
        (Vendor::Verifik, Box::new(clients::verifik(base, options()))),
    ]
}

#[tokio::test]
async fn every_vendor_gives_a_pass_an_attack_and_an_unknown_id() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    for (vendor, provider) in providers(mock.base_url()) {
        let pass = mock.create_session(vendor, MockOutcome::Pass);
        let verdict = provider.verdict(&pass).await.expect("a verdict");
        assert_eq!(verdict.outcome, Outcome::Passed, "{vendor}: {verdict:?}");
        assert_eq!(verdict.id, pass);
        assert!(!verdict.raw.is_null(), "{vendor}: the raw response is kept");

        let attack = mock.create_session(vendor, MockOutcome::Attack(None));
        let verdict = provider.verdict(&attack).await.expect("a verdict");
        assert!(
            matches!(verdict.outcome, Outcome::Rejected { .. }),
            "{vendor}: {:?}",
            verdict.outcome
        );

        let unknown = provider.verdict("no-such-session").await;
        match vendor {
            // TrustDecision documents no not-found code: the mock's 11340 stays an error.
            Vendor::TrustDecision => assert!(unknown.is_err()),
            _ => assert_eq!(unknown.unwrap().outcome, Outcome::NotFound, "{vendor}"),
        }
    }
}

#[tokio::test]
async fn named_attacks_and_expiry_map_to_their_outcomes() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let providers = providers(mock.base_url());
    let provider = |vendor: Vendor| &providers.iter().find(|(v, _)| *v == vendor).unwrap().1;

    let mask = mock.create_session(
        Vendor::TrustDecision,
        MockOutcome::Attack(Some("12212".into())),
    );
    let verdict = provider(Vendor::TrustDecision)
        .verdict(&mask)
        .await
        .unwrap();
    assert_eq!(
        verdict.outcome,
        Outcome::Rejected {
            reason: RejectReason::Spoof {
                spoof: SpoofKind::Mask,
                code: "12212".into()
            }
        }
    );
    assert_eq!(verdict.charged, Some(true));

    let expired = mock.create_session(Vendor::Tencent, MockOutcome::Expired);
    let verdict = provider(Vendor::Tencent).verdict(&expired).await.unwrap();
    assert_eq!(verdict.outcome, Outcome::Expired);

    let printed = mock.create_session(
        Vendor::Verifik,
        MockOutcome::Attack(Some("printed-copy".into())),
    );
    let verdict = provider(Vendor::Verifik).verdict(&printed).await.unwrap();
    assert!(matches!(
        verdict.outcome,
        Outcome::Rejected {
            reason: RejectReason::Spoof {
                spoof: SpoofKind::PrintedCopy,
                ..
            }
        }
    ));

    let blink = mock.create_session(
        Vendor::Talentomobile,
        MockOutcome::Attack(Some("CH_BLINK".into())),
    );
    let verdict = provider(Vendor::Talentomobile)
        .verdict(&blink)
        .await
        .unwrap();
    assert_eq!(
        verdict.outcome,
        Outcome::Rejected {
            reason: RejectReason::ChallengeFailed {
                challenge: "CH_BLINK".into(),
                step: None
            }
        }
    );
    let score = verdict.score.expect("the biometry score");
    assert!((score.normalized - 0.999845).abs() < 1e-9, "{score:?}");
}

#[tokio::test]
async fn inline_evidence_decodes_to_images() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let providers = providers(mock.base_url());
    let talento = &providers[2].1;
    let verdict = talento
        .verdict("d5335d6a-9d95-4977-9976-00dede352749")
        .await
        .unwrap();
    assert_eq!(verdict.evidence.len(), 5, "3 challenge frames and 2 moves");
    for evidence in &verdict.evidence {
        assert_eq!(evidence.decode().unwrap().media_type, MediaType::Png);
    }
    let td = &providers[1].1;
    let id = mock.create_session(Vendor::TrustDecision, MockOutcome::Pass);
    let verdict = td.verdict(&id).await.unwrap();
    assert_eq!(
        verdict.evidence[0].decode().unwrap().media_type,
        MediaType::Jpeg
    );
}

#[tokio::test]
async fn remote_evidence_is_checked_and_a_corrupt_file_is_not_kept() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let providers = providers(mock.base_url());
    let token = mock.create_session(Vendor::Tencent, MockOutcome::Pass);
    let verdict = providers[0].1.verdict(&token).await.unwrap();
    let kinds: Vec<EvidenceKind> = verdict.evidence.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EvidenceKind::BestFrame, EvidenceKind::Video]);

    let dir = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();
    let mut seen = 0;
    let path = verdict.evidence[0]
        .download(&http, &dir.path().join("best_frame.jpg"), |done, _| {
            seen = done
        })
        .await
        .expect("downloaded and checked");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(MediaType::detect(&bytes), MediaType::Jpeg);
    assert_eq!(seen, bytes.len() as u64, "progress reached the size");

    mock.inject(FaultRule::times(Fault::CorruptFile, 1));
    let target = dir.path().join("video.mp4");
    let error = verdict.evidence[1]
        .download(&http, &target, |_, _| {})
        .await
        .unwrap_err();
    assert!(
        matches!(error, EvidenceError::Md5Mismatch { .. }),
        "{error}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        ["best_frame.jpg"],
        "nothing of the failed download is left"
    );
    // The next download is whole again.
    verdict.evidence[1]
        .download(&http, &target, |_, _| {})
        .await
        .expect("clean");
}
