//! The board pack read back with a PDF parser (lopdf): page 1's figures, the wards table,
//! flags and empty sections in words, determinism, and a large pack whose tables run over
//! many pages with their headers repeated and nothing drawn outside the page.

use std::collections::BTreeMap;

use keyline_report::{
    render_board_pack, AgeingBucket, BoardAction, BoardColumn, BoardPack, BoardSummary, Change,
    Consistency, ConsistencyPair, GapRow, Mover, PdfOptions, Rating, RatingCount, ReportError,
    SelfAssessmentGaps, Theme, Trend, TrendPoint, TrustConsistency, WardCell, WardRow,
};
use lopdf::content::Content;
use lopdf::{Document, Object};

// Reading the PDF ---------------------------------------------------------------------

/// The text of every page, in order.
fn pages(pdf: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(pdf).expect("the PDF parses");
    let count = doc.get_pages().len() as u32;
    (1..=count)
        .map(|n| doc.extract_text(&[n]).expect("text extracts"))
        .collect()
}

/// Text without whitespace, so that wrapped lines still match.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn contains(haystack: &str, needle: &str) -> bool {
    squeeze(haystack).contains(&squeeze(needle))
}

fn count(haystack: &str, needle: &str) -> usize {
    squeeze(haystack).matches(&squeeze(needle)).count()
}

/// A4 in points, and the margins nothing may cross.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 48.0;

/// A font's advance widths by character id, in thousandths of the font size, from the
/// descendant font's `/W` array.
fn widths(doc: &Document, font: &lopdf::Dictionary) -> BTreeMap<u16, f32> {
    let deref = |o: &Object| -> Object {
        match o {
            Object::Reference(id) => doc.get_object(*id).expect("object").clone(),
            other => other.clone(),
        }
    };
    let number = |o: &Object| -> f32 {
        match deref(o) {
            Object::Integer(i) => i as f32,
            Object::Real(r) => r,
            other => panic!("not a number: {other:?}"),
        }
    };
    let descendants = deref(font.get(b"DescendantFonts").expect("a CID font"));
    let descendant = deref(&descendants.as_array().expect("array")[0]);
    let w = deref(descendant.as_dict().expect("dict").get(b"W").expect("/W"));
    let w = w.as_array().expect("/W array");
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < w.len() {
        let first = number(&w[i]) as u16;
        match deref(&w[i + 1]) {
            Object::Array(list) => {
                for (k, width) in list.iter().enumerate() {
                    out.insert(first + k as u16, number(width));
                }
                i += 2;
            }
            _ => {
                let last = number(&w[i + 1]) as u16;
                for cid in first..=last {
                    out.insert(cid, number(&w[i + 2]));
                }
                i += 3;
            }
        }
    }
    out
}

/// Every piece of text on every page as (page, left, right, baseline), measured with the
/// embedded fonts' own widths.
fn text_boxes(pdf: &[u8]) -> Vec<(usize, f32, f32, f32)> {
    let doc = Document::load_mem(pdf).expect("the PDF parses");
    let mut out = Vec::new();
    for (index, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let fonts: BTreeMap<Vec<u8>, BTreeMap<u16, f32>> = doc
            .get_page_fonts(page_id)
            .expect("fonts")
            .into_iter()
            .map(|(name, dict)| (name, widths(&doc, dict)))
            .collect();
        let content = Content::decode(&doc.get_page_content(page_id)).expect("content");
        let (mut font, mut size, mut x, mut y) = (Vec::new(), 0.0_f32, 0.0_f32, 0.0_f32);
        for op in content.operations {
            let n = |i: usize| op.operands[i].as_float().expect("number");
            match op.operator.as_str() {
                "Tf" => {
                    font = op.operands[0].as_name().expect("font name").to_vec();
                    size = n(1);
                }
                "Tm" => (x, y) = (n(4), n(5)),
                "Tj" => {
                    let bytes = op.operands[0].as_str().expect("string");
                    let table = fonts.get(&font).expect("the font is on the page");
                    let units: f32 = bytes
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .map(|cid| *table.get(&cid).expect("every glyph has a width"))
                        .sum();
                    out.push((index + 1, x, x + units / 1000.0 * size, y));
                }
                _ => {}
            }
        }
    }
    out
}

/// Asserts that every piece of text lies within the side margins and on the page.
fn assert_nothing_off_the_page(pdf: &[u8]) {
    let boxes = text_boxes(pdf);
    assert!(!boxes.is_empty(), "no text found at all");
    for (page, left, right, baseline) in boxes {
        assert!(
            left >= MARGIN_X - 0.5 && right <= PAGE_W - MARGIN_X + 0.5,
            "page {page}: text from {left} to {right} crosses a side margin"
        );
        assert!(
            (20.0..=PAGE_H - 20.0).contains(&baseline),
            "page {page}: text at {baseline} is off the page"
        );
    }
}

// The packs ---------------------------------------------------------------------------

fn options() -> PdfOptions {
    PdfOptions {
        generated_at: "2026-12-03T16:14:00Z".into(),
        document_id: "KL-BOARD-2026-12-03".into(),
    }
}

fn ratings() -> Vec<Rating> {
    [
        ("outstanding", "Outstanding", "#005eb8"),
        ("good", "Good", "#007f3b"),
        ("requires-improvement", "Requires improvement", "#ffb81c"),
        ("inadequate", "Inadequate", "#d5281b"),
    ]
    .into_iter()
    .map(|(id, label, colour)| Rating {
        id: id.into(),
        label: label.into(),
        colour: colour.into(),
    })
    .collect()
}

fn columns() -> Vec<BoardColumn> {
    [
        ("safe", "Safe"),
        ("effective", "Effective"),
        ("caring", "Caring"),
        ("responsive", "Responsive"),
        ("well-led", "Well-led"),
        ("overall", "Overall"),
    ]
    .into_iter()
    .map(|(id, title)| BoardColumn {
        id: id.into(),
        title: title.into(),
    })
    .collect()
}

fn cell(percent: f64, date: &str, change: Option<Change>) -> Option<WardCell> {
    let (id, label) = match percent {
        p if p >= 88.0 => ("outstanding", "Outstanding"),
        p if p >= 63.0 => ("good", "Good"),
        p if p >= 39.0 => ("requires-improvement", "Requires improvement"),
        _ => ("inadequate", "Inadequate"),
    };
    Some(WardCell {
        rating_id: id.into(),
        rating_label: label.into(),
        percent: Some(percent),
        date: date.into(),
        change,
    })
}

fn ward(trust: &str, site: &str, name: &str, cells: Vec<Option<WardCell>>) -> WardRow {
    WardRow {
        trust: trust.into(),
        site: site.into(),
        ward: name.into(),
        cells,
    }
}

const NORTH: &str = "Northfield Mental Health NHS Foundation Trust";
const SOUTH: &str = "Southgate Partnership NHS Trust";

fn wards() -> Vec<WardRow> {
    let d = "12 March 2026";
    vec![
        ward(
            NORTH,
            "Riverside Hospital",
            "Larch Ward",
            vec![
                cell(78.0, d, Some(Change::Up)),
                cell(54.0, d, Some(Change::Down)),
                cell(91.0, d, Some(Change::Same)),
                cell(66.5, d, None),
                cell(30.0, d, Some(Change::Down)),
                cell(61.0, d, Some(Change::Up)),
            ],
        ),
        ward(
            NORTH,
            "Riverside Hospital",
            "Rowan Ward",
            vec![
                cell(70.0, "2 February 2026", None),
                cell(72.0, "2 February 2026", None),
                cell(80.0, "9 May 2026", Some(Change::Up)),
                cell(64.0, "2 February 2026", None),
                cell(69.0, "2 February 2026", None),
                cell(71.0, "2 February 2026", None),
            ],
        ),
        ward(
            NORTH,
            "Hillcrest Unit",
            "Birch Ward",
            vec![
                cell(45.0, "20 April 2026", None),
                None,
                cell(88.0, "20 April 2026", None),
            ],
        ),
        ward(
            SOUTH,
            "Meadow House",
            "Willow Ward",
            vec![
                cell(93.0, "1 October 2026", Some(Change::Up)),
                cell(90.0, "1 October 2026", Some(Change::Up)),
                cell(95.0, "1 October 2026", Some(Change::Same)),
                cell(89.0, "1 October 2026", Some(Change::Up)),
                cell(92.0, "1 October 2026", Some(Change::Up)),
                cell(92.0, "1 October 2026", Some(Change::Up)),
            ],
        ),
    ]
}

fn trends() -> Vec<Trend> {
    let periods = ["Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Oct 2026"];
    columns()
        .iter()
        .enumerate()
        .map(|(i, c)| Trend {
            column_title: c.title.clone(),
            points: periods
                .iter()
                .enumerate()
                .map(|(j, period)| TrendPoint {
                    period: (*period).into(),
                    percent: (j != 3 || i == 2).then(|| 40.0 + (i * 6 + j * 4) as f64),
                })
                .collect(),
        })
        .collect()
}

fn actions() -> Vec<BoardAction> {
    vec![
        BoardAction {
            trust: NORTH.into(),
            ward: "Larch Ward".into(),
            title: "Remove the ligature points in the de-escalation room".into(),
            owner: "Siân Llewellyn-Jones".into(),
            priority_label: "Must do".into(),
            due: "1 April 2026".into(),
            days_overdue: Some(246),
            bucket_label: Some("Over 90 days".into()),
        },
        BoardAction {
            trust: NORTH.into(),
            ward: "Rowan Ward".into(),
            title: "Restart the monthly community meeting".into(),
            owner: "Zoë Łukasiewicz".into(),
            priority_label: "Should do".into(),
            due: "15 November 2026".into(),
            days_overdue: Some(18),
            bucket_label: Some("0–30 days".into()),
        },
        BoardAction {
            trust: SOUTH.into(),
            ward: "Willow Ward".into(),
            title: "Update the ward welcome pack with advocacy contacts".into(),
            owner: "Renée Dupré".into(),
            priority_label: "Should do".into(),
            due: "31 January 2027".into(),
            days_overdue: None,
            bucket_label: None,
        },
    ]
}

/// A small pack: two trusts, three sites, four wards; no paired inspections.
fn pack() -> BoardPack {
    BoardPack {
        title: "Board pack: ward inspections".into(),
        filters: "All trusts · Template: CQC SAF mental-health ward · All kinds · 1 December \
                  2025 to 30 November 2026"
            .into(),
        generated: "3 December 2026, 16:14 UTC".into(),
        ratings: ratings(),
        summary: BoardSummary {
            wards: 4,
            inspections: 9,
            distribution: vec![
                RatingCount {
                    rating_id: "outstanding".into(),
                    rating_label: "Outstanding".into(),
                    count: 1,
                },
                RatingCount {
                    rating_id: "good".into(),
                    rating_label: "Good".into(),
                    count: 2,
                },
                RatingCount {
                    rating_id: "requires-improvement".into(),
                    rating_label: "Requires improvement".into(),
                    count: 1,
                },
                RatingCount {
                    rating_id: "inadequate".into(),
                    rating_label: "Inadequate".into(),
                    count: 0,
                },
            ],
            movers: vec![
                Mover {
                    ward: "Willow Ward".into(),
                    trust: SOUTH.into(),
                    from_label: "Good".into(),
                    to_label: "Outstanding".into(),
                    change_points: 12.5,
                    explanation: "Safe and Well-led both rose after the new staffing model.".into(),
                },
                Mover {
                    ward: "Larch Ward".into(),
                    trust: NORTH.into(),
                    from_label: "Good".into(),
                    to_label: "Requires improvement".into(),
                    change_points: -9.0,
                    explanation: "A breach of Regulation 12 capped Safe.".into(),
                },
            ],
            overdue_actions: 2,
            overdue_by_age: vec![
                AgeingBucket {
                    bucket_label: "0–30 days".into(),
                    count: 1,
                },
                AgeingBucket {
                    bucket_label: "31–90 days".into(),
                    count: 0,
                },
                AgeingBucket {
                    bucket_label: "Over 90 days".into(),
                    count: 1,
                },
            ],
            explanations: vec![
                "Each ward's ratings are those of its latest inspection in the period.".into(),
                "A mover's change is the difference between the overall percentages of its \
                 last two inspections."
                    .into(),
            ],
        },
        columns: columns(),
        wards: wards(),
        trends: trends(),
        themes: vec![
            Theme {
                item_title: "Safe and effective staffing".into(),
                section_title: "Safe".into(),
                inspections: 5,
                wards: 3,
            },
            Theme {
                item_title: "Medicines optimisation".into(),
                section_title: "Safe".into(),
                inspections: 3,
                wards: 2,
            },
        ],
        gaps: SelfAssessmentGaps {
            wards: vec![
                GapRow {
                    trust: NORTH.into(),
                    ward: "Larch Ward".into(),
                    pairs: 2,
                    mean_gap_points: Some(14.5),
                    self_higher: 4,
                    flagged: true,
                },
                GapRow {
                    trust: SOUTH.into(),
                    ward: "Willow Ward".into(),
                    pairs: 1,
                    mean_gap_points: Some(-2.0),
                    self_higher: 0,
                    flagged: false,
                },
            ],
            explanation: "The gap is the self-assessment's percentage minus the independent \
                          inspection's; a ward is flagged when it is 10 points or more."
                .into(),
        },
        consistency: Consistency::default(),
        actions: actions(),
    }
}

/// A large pack: 300 wards in 6 trusts of 5 sites, and 500 actions.
fn big_pack() -> BoardPack {
    let mut p = pack();
    p.wards = (0..300)
        .map(|i| {
            let cells = (0..6)
                .map(|c| cell(((i * 7 + c * 13) % 70 + 28) as f64, "5 June 2026", None))
                .collect();
            ward(
                &format!("Trust {} NHS Foundation Trust", i / 50 + 1),
                &format!("Site {}", i / 10 + 1),
                &format!("Ward W{:03}", i + 1),
                cells,
            )
        })
        .collect();
    p.actions = (0..500)
        .map(|i| BoardAction {
            trust: format!("Trust {} NHS Foundation Trust", i * 6 / 500 + 1),
            ward: format!("Ward W{:03}", i * 300 / 500 + 1),
            title: format!(
                "Action {:03}: review the observation policy with the ward team",
                i + 1
            ),
            owner: "Ward manager".into(),
            priority_label: "Should do".into(),
            due: "1 September 2026".into(),
            days_overdue: (i % 3 == 0).then_some(93),
            bucket_label: (i % 3 == 0).then(|| "Over 90 days".into()),
        })
        .collect();
    p.consistency = Consistency {
        trusts: vec![TrustConsistency {
            trust: NORTH.into(),
            pairs: 2,
            mean_agreement_percent: Some(81.5),
            mean_kappa: Some(0.62),
        }],
        pairs: vec![ConsistencyPair {
            ward: "Larch Ward".into(),
            first: "Mock inspection, 12 March 2026".into(),
            second: "Mock inspection, 14 March 2026".into(),
            agreement_percent: Some(81.5),
            kappa: Some(0.62),
        }],
        explanation: "Agreement is the share of items answered the same.".into(),
    };
    p
}

fn render(pack: &BoardPack) -> Vec<u8> {
    render_board_pack(pack, &options()).expect("renders")
}

/// A percentage as the pack prints it: whole numbers without decimals.
fn pct(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

// The tests ---------------------------------------------------------------------------

#[test]
fn page_one_is_the_summary() {
    let pack = pack();
    let text = pages(&render(&pack));
    let first = &text[0];
    let s = &pack.summary;
    let mut expected = vec![
        pack.title.clone(),
        pack.filters.clone(),
        format!("Generated {}", pack.generated),
        format!("{} wards", s.wards),
        format!("{} inspections", s.inspections),
        format!("{} overdue actions", s.overdue_actions),
        format!(
            "{} actions are past their due date and not completed.",
            s.overdue_actions
        ),
    ];
    let total: u32 = s.distribution.iter().map(|d| d.count).sum();
    for d in &s.distribution {
        let share = (f64::from(d.count) / f64::from(total) * 100.0).round();
        let wards = if d.count == 1 { "ward" } else { "wards" };
        expected.push(format!(
            "{} {} {wards} ({})",
            d.rating_label,
            d.count,
            pct(share)
        ));
    }
    for m in &s.movers {
        let words = if m.change_points > 0.0 { "Up" } else { "Down" };
        expected.push(format!(
            "{} {} {} {} {words} {} points {}",
            m.ward,
            m.trust,
            m.from_label,
            m.to_label,
            m.change_points.abs(),
            m.explanation
        ));
    }
    for b in &s.overdue_by_age {
        let actions = if b.count == 1 { "action" } else { "actions" };
        expected.push(format!("{} {} {actions}", b.bucket_label, b.count));
    }
    for e in expected {
        assert!(contains(first, &e), "page 1 lacks {e:?}:\n{first}");
    }
    // The detail starts on page 2.
    assert!(!contains(first, "Wards and key questions"), "{first}");
    assert!(contains(&text[1], "Wards and key questions"));
}

#[test]
fn the_wards_table_shows_every_rating_in_words_with_its_percentage() {
    let pack = pack();
    let text = pages(&render(&pack));
    let all = text.join("\n");
    for w in &pack.wards {
        assert!(contains(&all, &w.ward), "missing {}", w.ward);
        for c in w.cells.iter().flatten() {
            let words = format!("{} {}", c.rating_label, pct(c.percent.expect("percent")));
            assert!(contains(&all, &words), "{}: missing {words:?}", w.ward);
        }
    }
    // A row reads across: ward, its date, then each key question with its change.
    let larch = "Larch Ward 12 March 2026 Good 78% ↑ Requires improvement 54% ↓ Outstanding \
                 91% → Good 66.5% Inadequate 30% ↓ Requires improvement 61% ↑";
    assert!(contains(&all, larch), "Larch Ward's row:\n{all}");
    // Dates that differ are given cell by cell; a missing rating says so.
    assert!(
        contains(&all, "Rowan Ward Good 70% 2 February 2026"),
        "{all}"
    );
    assert!(contains(&all, "Good 80% ↑ 9 May 2026"), "{all}");
    assert!(contains(
        &all,
        "Birch Ward 20 April 2026 Requires improvement 45% No rating"
    ));
    // Group headings in order: trust, site, ward.
    let squeezed = squeeze(&text[1..].join("\n"));
    let at = |s: &str| squeezed.find(&squeeze(s)).unwrap_or_else(|| panic!("{s}"));
    assert!(at(NORTH) < at("Riverside Hospital"));
    assert!(at("Riverside Hospital") < at("Larch Ward"));
    assert!(at("Rowan Ward") < at("Hillcrest Unit"));
    assert!(at("Hillcrest Unit") < at("Birch Ward"));
    assert!(at("Birch Ward") < at("Meadow House"));
    // Each trust and site is named once, not once per ward.
    assert_eq!(count(&text[1], "Riverside Hospital"), 1, "{}", text[1]);
}

#[test]
fn trends_themes_and_actions_appear() {
    let pack = pack();
    let all = pages(&render(&pack)).join("\n");
    for t in &pack.trends {
        assert!(contains(&all, &t.column_title));
        for p in &t.points {
            assert!(contains(&all, &p.period), "period {}", p.period);
            if let Some(v) = p.percent {
                assert!(contains(&all, &pct(v)), "{} {}", t.column_title, pct(v));
            }
        }
    }
    for t in &pack.themes {
        let row = format!(
            "{} {} {} {}",
            t.item_title, t.section_title, t.inspections, t.wards
        );
        assert!(contains(&all, &row), "theme {row:?}");
    }
    for a in &pack.actions {
        assert!(contains(&all, &a.title), "action {}", a.title);
        assert!(contains(&all, &a.owner), "owner {}", a.owner);
        let overdue = match (a.days_overdue, &a.bucket_label) {
            (Some(d), Some(b)) => format!("{} {d} days ({b})", a.due),
            _ => format!("{} Not overdue", a.due),
        };
        assert!(contains(&all, &overdue), "{overdue:?}");
    }
    for e in &pack.summary.explanations {
        assert!(contains(&all, e), "explanation {e:?}");
    }
    let last = pages(&render(&pack)).pop().expect("pages");
    assert!(contains(&last, "About this board pack"), "{last}");
    assert!(contains(&last, &pack.summary.explanations[0]), "{last}");
}

#[test]
fn a_flagged_gap_is_said_in_words() {
    let pack = pack();
    let all = pages(&render(&pack)).join("\n");
    let flagged = pack.gaps.wards.iter().filter(|g| g.flagged).count();
    assert!(flagged > 0 && flagged < pack.gaps.wards.len());
    assert_eq!(count(&all, "Flagged: self-assessment higher"), flagged);
    assert_eq!(count(&all, "Not flagged"), pack.gaps.wards.len() - flagged);
    assert!(contains(
        &all,
        "Larch Ward 2 14.5 points higher 4 Flagged: self-assessment higher"
    ));
    assert!(contains(&all, "Willow Ward 1 2 points lower 0 Not flagged"));
    assert!(contains(&all, &pack.gaps.explanation));

    // Unflag it, and the words go.
    let mut unflagged = pack.clone();
    for g in &mut unflagged.gaps.wards {
        g.flagged = false;
    }
    let all = pages(&render(&unflagged)).join("\n");
    assert_eq!(count(&all, "Flagged: self-assessment higher"), 0);
}

#[test]
fn empty_sections_say_so() {
    let messages = [
        "No ward was inspected in this period.",
        "No inspections in this period, so there is no trend to show.",
        "No recurring themes in this period.",
        "No self-assessments in this period.",
        "No paired inspections in this period.",
        "No actions in this period.",
        "No ward moved in this period.",
        "No ward has an overall rating in this period.",
        "No actions are overdue.",
    ];
    // The small pack has no paired inspections, and only that.
    let all = pages(&render(&pack())).join("\n");
    for m in messages {
        let expected = usize::from(m == "No paired inspections in this period.");
        assert_eq!(count(&all, m), expected, "{m}");
    }
    let mut empty = pack();
    empty.wards.clear();
    empty.trends.clear();
    empty.themes.clear();
    empty.gaps.wards.clear();
    empty.actions.clear();
    empty.summary = BoardSummary::default();
    let all = pages(&render(&empty)).join("\n");
    for m in messages {
        assert_eq!(count(&all, m), 1, "{m}:\n{all}");
    }
}

#[test]
fn same_input_same_bytes_and_the_options_matter() {
    let pack = pack();
    let a = render(&pack);
    assert!(a == render(&pack), "two renders of the same pack differ");
    let other_id = PdfOptions {
        document_id: "KL-BOARD-2026-12-04".into(),
        ..options()
    };
    let b = render_board_pack(&pack, &other_id).expect("renders");
    assert!(b != a);
    assert!(pages(&b).iter().all(|p| p.contains("KL-BOARD-2026-12-04")));
    let mut changed = pack.clone();
    changed.wards[0].cells[0] = cell(79.0, "12 March 2026", Some(Change::Up));
    assert!(render(&changed) != a);
}

#[test]
fn every_page_has_its_number_and_the_pack_id() {
    let text = pages(&render(&pack()));
    let n = text.len();
    assert!(n >= 3, "{n} pages");
    for (i, page) in text.iter().enumerate() {
        let label = format!("Page {} of {n}", i + 1);
        assert!(page.contains(&label), "page {} lacks {label:?}", i + 1);
        assert!(page.contains("KL-BOARD-2026-12-03"), "page {}", i + 1);
        assert!(contains(page, "Board pack: ward inspections · All trusts"));
    }
}

#[test]
fn a_small_pack_stays_inside_the_page() {
    assert_nothing_off_the_page(&render(&pack()));
}

#[test]
fn a_large_pack_breaks_its_tables_over_pages_with_their_headers() {
    let pack = big_pack();
    let pdf = render(&pack);
    let text = pages(&pdf);
    let wards_header = "Ward Safe Effective Caring Responsive Well-led Overall";
    let actions_header = "Action Ward Owner Priority Due Overdue";
    let with = |header: &str| text.iter().filter(|p| contains(p, header)).count();
    assert!(
        with(wards_header) >= 5,
        "wards table on {} pages",
        with(wards_header)
    );
    assert!(
        with(actions_header) >= 5,
        "actions on {} pages",
        with(actions_header)
    );
    // A trust or site that goes on to the next page is named again there.
    assert!(text.iter().any(|p| contains(p, "(continued)")));
    let all = text.join("\n");
    for w in &pack.wards {
        assert_eq!(
            count(&all, &w.ward),
            1 + count_actions_of(&pack, &w.ward),
            "{}",
            w.ward
        );
    }
    for a in &pack.actions {
        assert!(contains(&all, &a.title), "{}", a.title);
    }
    let n = text.len();
    assert!(text[n - 1].contains(&format!("Page {n} of {n}")));
    assert_nothing_off_the_page(&pdf);
}

fn count_actions_of(pack: &BoardPack, ward: &str) -> usize {
    pack.actions.iter().filter(|a| a.ward == ward).count()
}

#[test]
fn awkward_input_stays_inside_the_page() {
    let mut odd = pack();
    let long = "Ł".repeat(800);
    odd.title = format!("Board pack {long}");
    odd.filters = "word ".repeat(300);
    odd.wards[0].trust = long.clone();
    odd.wards[0].ward = long.clone();
    odd.wards[0].cells[0] = Some(WardCell {
        rating_id: "unknown".into(),
        rating_label: long.clone(),
        percent: Some(f64::NAN),
        date: String::new(),
        change: Some(Change::Up),
    });
    odd.wards[1].cells.push(cell(250.0, "1 May", None));
    odd.trends[0].points[1].percent = Some(-40.0);
    odd.trends[1].points[2].percent = Some(f64::INFINITY);
    odd.trends.push(Trend {
        column_title: "Many periods".into(),
        points: (0..120)
            .map(|i| TrendPoint {
                period: format!("Period {i}"),
                percent: Some(f64::from(i % 100)),
            })
            .collect(),
    });
    odd.summary.movers[0].change_points = f64::NAN;
    odd.summary.movers[0].explanation = "x ".repeat(2000);
    odd.summary.distribution[0].count = u32::MAX;
    odd.actions[0].title = long.clone();
    odd.columns.clear();
    let pdf = render_board_pack(&odd, &options()).expect("renders");
    assert_nothing_off_the_page(&pdf);
    let text = pages(&pdf);
    let n = text.len();
    assert!(text[0].contains(&format!("Page 1 of {n}")));
}

#[test]
fn an_invalid_time_is_refused() {
    let bad = PdfOptions {
        generated_at: "3/12/2026".into(),
        ..options()
    };
    let err = render_board_pack(&pack(), &bad).expect_err("refused");
    assert!(matches!(err, ReportError::InvalidTime(_)));
}

#[test]
fn the_pack_reads_from_json_in_camel_case() {
    let json = r##"{
        "title": "Board pack",
        "filters": "All trusts",
        "generated": "3 December 2026",
        "ratings": [{ "id": "good", "label": "Good", "colour": "#007f3b" }],
        "summary": {
            "wards": 1, "inspections": 2,
            "distribution": [{ "ratingId": "good", "ratingLabel": "Good", "count": 1 }],
            "overdueActions": 0, "overdueByAge": [], "explanations": []
        },
        "columns": [{ "id": "safe", "title": "Safe" }],
        "wards": [{ "trust": "T", "site": "S", "ward": "W", "cells": [
            { "ratingId": "good", "ratingLabel": "Good", "percent": 70, "date": "1 May 2026",
              "change": "up" },
            null
        ] }],
        "gaps": { "wards": [{ "ward": "W", "pairs": 1, "meanGapPoints": 3.5, "selfHigher": 1,
                              "flagged": true }], "explanation": "" }
    }"##;
    let pack: BoardPack = serde_json::from_str(json).expect("reads");
    assert_eq!(
        pack.wards[0].cells[0].as_ref().and_then(|c| c.change),
        Some(Change::Up)
    );
    assert_eq!(pack.wards[0].cells[1], None);
    assert_eq!(pack.gaps.wards[0].mean_gap_points, Some(3.5));
    let back: BoardPack =
        serde_json::from_str(&serde_json::to_string(&pack).expect("writes")).expect("reads");
    assert_eq!(back, pack);
}

/// The action list's text: from its heading to "About this board pack".
fn action_section(pack: &BoardPack) -> String {
    let all = squeeze(&pages(&render(pack)).join("\n"));
    let start = all.find("Actions3actions").expect("the actions section");
    let end = all.rfind("Aboutthisboardpack").expect("the about section");
    all[start..end].to_string()
}

#[test]
fn actions_go_under_their_trust_or_each_name_it() {
    // Listed trust by trust: one heading per trust.
    let grouped = pack();
    let text = action_section(&grouped);
    assert_eq!(count(&text, NORTH), 1, "{text}");
    assert_eq!(count(&text, SOUTH), 1, "{text}");
    assert!(text.find(&squeeze(NORTH)) < text.find(&squeeze(&grouped.actions[0].title)));

    // Most overdue first, trusts interleaved: every action names its own trust.
    let mut mixed = pack();
    mixed.actions.swap(1, 2);
    let text = action_section(&mixed);
    assert_eq!(count(&text, NORTH), 2, "{text}");
    assert_eq!(count(&text, SOUTH), 1, "{text}");
    let a = &mixed.actions[0];
    assert!(
        contains(
            &text,
            &format!("{} {} {} {}", a.title, a.ward, a.trust, a.owner)
        ),
        "{text}"
    );
}
