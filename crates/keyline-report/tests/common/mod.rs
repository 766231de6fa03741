//! The demo inspection used by the tests and the benchmark: a fictional mock inspection of
//! Larch Ward against the single assessment framework (5 key questions, 34 quality
//! statements, 12 actions), with long notes, non-English Latin names and evidence.
#![allow(dead_code)]

use keyline_report::{
    Action, ActionCounts, Band, Evidence, Highlight, Highlights, ImageData, InspectionFacts, Item,
    Overall, Override, PdfOptions, Rating, Report, Response, Section, Status,
};

pub const FINGERPRINT: &str = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff";
pub const NAMES: [&str; 4] = [
    "Siân Ŵyn Llewellyn-Jones",
    "Zoë Łukasiewicz",
    "Renée Dupré",
    "Dafydd ap Gwŷn",
];

pub fn options() -> PdfOptions {
    PdfOptions {
        generated_at: "2025-06-12T14:03:00Z".into(),
        document_id: "KL-2025-0612-LARCH-01".into(),
    }
}

/// A 64 × 48 RGB gradient, encoded as PNG.
pub fn png_photo() -> Vec<u8> {
    let (w, h) = (64u32, 48u32);
    let mut pixels = Vec::new();
    for y in 0..h {
        for x in 0..w {
            pixels.extend([(x * 4) as u8, (y * 5) as u8, 220]);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("png header");
        writer.write_image_data(&pixels).expect("png data");
    }
    out
}

pub fn jpeg_photo() -> Vec<u8> {
    include_bytes!("../fixtures/ward-corridor.jpg").to_vec()
}

const SECTIONS: [(&str, &str, &[&str]); 5] = [
    (
        "safe",
        "Safe",
        &[
            "Learning culture",
            "Safe systems, pathways and transitions",
            "Safeguarding",
            "Involving people to manage risks",
            "Safe environments",
            "Safe and effective staffing",
            "Infection prevention and control",
            "Medicines optimisation",
        ],
    ),
    (
        "effective",
        "Effective",
        &[
            "Assessing needs",
            "Delivering evidence-based care and treatment",
            "How staff, teams and services work together",
            "Supporting people to live healthier lives",
            "Monitoring and improving outcomes",
            "Consent to care and treatment",
        ],
    ),
    (
        "caring",
        "Caring",
        &[
            "Kindness, compassion and dignity",
            "Treating people as individuals",
            "Independence, choice and control",
            "Responding to people's immediate needs",
            "Workforce wellbeing and enablement",
        ],
    ),
    (
        "responsive",
        "Responsive",
        &[
            "Person-centred care",
            "Care provision, integration and continuity",
            "Providing information",
            "Listening to and involving people",
            "Equity in access",
            "Equity in experiences and outcomes",
            "Planning for the future",
        ],
    ),
    (
        "well-led",
        "Well-led",
        &[
            "Shared direction and culture",
            "Capable, compassionate and inclusive leaders",
            "Freedom to speak up",
            "Workforce equality, diversity and inclusion",
            "Governance, management and sustainability",
            "Partnerships and communities",
            "Learning, improvement and innovation",
            "Environmental sustainability",
        ],
    ),
];

const DESCRIPTORS: [&str; 4] = [
    "Significant shortfalls: people are at risk of harm and the ward does not recognise it.",
    "Some shortfalls: the standard is mostly met but gaps were seen on the day.",
    "Good standard: the statement is met consistently and staff can explain how.",
    "Exceptional standard: the ward is a model others learn from.",
];

pub fn ratings() -> Vec<Rating> {
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

fn rating_of(percent: f64) -> (&'static str, &'static str) {
    if percent >= 88.0 {
        ("Outstanding", "#005eb8")
    } else if percent >= 63.0 {
        ("Good", "#007f3b")
    } else if percent >= 39.0 {
        ("Requires improvement", "#ffb81c")
    } else {
        ("Inadequate", "#d5281b")
    }
}

pub fn action_titles() -> Vec<String> {
    let topics = [
        "Add the two ligature points found in the de-escalation room to the environmental risk register and agree a removal date with estates",
        "Audit seclusion records for the last three months against the Mental Health Act Code of Practice, chapter 26, and share the findings",
        "Replace the out-of-date emergency grab bag oxygen cylinder and add a weekly check to the clinic room checklist",
        "Offer every patient a copy of their care plan in a format they can use, and record the offer in the progress notes",
        "Book the six outstanding staff onto immediate life support training before the end of the quarter",
        "Review the night-time observation levels policy with the consultant psychiatrist and the ward's patient representative",
        "Fix the broken lock on the female lounge door and confirm the fix with a photograph in the estates log",
        "Restart the monthly community meeting and publish its minutes on the ward noticeboard in English and Welsh",
        "Complete the overdue rapid tranquillisation physical health monitoring audit and present it at the clinical governance meeting",
        "Agree a plan with the pharmacy team for reconciling medicines within 24 hours of admission, including weekends",
        "Arrange reflective practice sessions after serious incidents and record attendance, themes and follow-up actions",
        "Update the ward welcome pack with advocacy contacts, visiting times and how to raise a concern or complaint",
    ];
    topics.iter().map(|t| (*t).to_string()).collect()
}

/// The demo report. `signed_off` chooses between a draft and a signed-off record.
pub fn larch_ward(signed_off: bool) -> Report {
    let mut sections = Vec::new();
    let mut responses = Vec::new();
    let mut n = 0usize;
    for (si, (sid, stitle, statements)) in SECTIONS.iter().enumerate() {
        let mut items = Vec::new();
        let mut earned = 0.0;
        for (i, title) in statements.iter().enumerate() {
            n += 1;
            let score: u8 = [3, 2, 3, 4, 2, 3, 1, 3][(i + si) % 8];
            earned += f64::from(score);
            let id = format!("{sid}.{}", i + 1);
            let answer = format!(
                "{score}: {}",
                [
                    "Significant shortfalls",
                    "Some shortfalls",
                    "Good standard",
                    "Exceptional standard"
                ][score as usize - 1]
            );
            let note = match n % 4 {
                0 => None,
                1 => Some(format!(
                    "Observed by {} with the nurse in charge. The ward had clear systems for {}, and staff described them consistently; however two of the five records sampled did not show that the patient's views had been sought, and the ward manager agreed to review this at the next team meeting. Patients told us they felt listened to most of the time.",
                    NAMES[n % 4],
                    title.to_lowercase()
                )),
                2 => Some(format!(
                    "Spoke with {} (ward manager) and {} (matron).\nFollow-up: the evidence folder was well organised and indexed.",
                    NAMES[(n + 1) % 4],
                    NAMES[(n + 2) % 4]
                )),
                _ => Some("Short note.".to_string()),
            };
            let mut evidence = Vec::new();
            if n == 5 {
                evidence.push(Evidence {
                    file_name: "ligature-point-de-escalation-room.png".into(),
                    media_type: "image/png".into(),
                    size: 2_345,
                    sha256: "5d41402abc4b2a76b9719d911017c592ae2f1c5e1d0b6a0d4c1f2e3a4b5c6d7e"
                        .into(),
                    image: Some(ImageData {
                        bytes: png_photo(),
                        width: 64,
                        height: 48,
                    }),
                });
                evidence.push(Evidence {
                    file_name: "environmental-risk-register-2025-05.pdf".into(),
                    media_type: "application/pdf".into(),
                    size: 184_320,
                    sha256: "aa8f3c2b9e1d47f6a0b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3"
                        .into(),
                    image: None,
                });
            }
            if n == 12 {
                evidence.push(Evidence {
                    file_name: "corridor-observation-mirror.jpg".into(),
                    media_type: "image/jpeg".into(),
                    size: jpeg_photo().len() as u64,
                    sha256: "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"
                        .into(),
                    image: Some(ImageData {
                        bytes: jpeg_photo(),
                        width: 0,
                        height: 0,
                    }),
                });
            }
            items.push(Item {
                id: id.clone(),
                title: (*title).to_string(),
                answer: answer.clone(),
                score: Some(f64::from(score)),
                max: Some(4.0),
                descriptor: Some(DESCRIPTORS[score as usize - 1].to_string()),
                note,
                evidence,
            });
            responses.push(Response {
                item_id: id,
                title: (*title).to_string(),
                answer,
            });
        }
        let possible = 4.0 * statements.len() as f64;
        let percent = earned / possible * 100.0;
        let (mut label, mut colour) = rating_of(percent);
        let capped_by = (*sid == "safe").then(|| {
            "A requirement notice for Regulation 12 (safe care and treatment) caps Safe at Requires improvement.".to_string()
        });
        if capped_by.is_some() {
            (label, colour) = ("Requires improvement", "#ffb81c");
        }
        let override_ = (*sid == "caring").then(|| Override {
            rating_label: "Good".into(),
            justification: format!(
                "{} observed consistently kind interactions throughout the day and the two shortfalls were fixed during the visit.",
                NAMES[1]
            ),
        });
        if override_.is_some() {
            (label, colour) = ("Good", "#007f3b");
        }
        sections.push(Section {
            id: (*sid).to_string(),
            title: (*stitle).to_string(),
            earned,
            possible,
            percent: Some(percent),
            rating_label: Some(label.into()),
            colour: Some(colour.into()),
            explanation: format!(
                "{} of {} points ({:.1}%) falls in the {} band (rounding: half up to a whole percent).",
                earned, possible, percent, label
            ),
            summary: match (&capped_by, &override_) {
                (Some(_), _) => format!(
                    "{label}, capped because a requirement notice for Regulation 12 caps Safe ({percent:.0}% of the points)."
                ),
                (_, Some(o)) => format!(
                    "{label}, moderated by the inspector: \"{}\"",
                    o.justification
                ),
                _ => format!("{label}: {percent:.0}% of the points."),
            },
            capped_by,
            override_,
            items,
        });
    }
    let owners = NAMES;
    let actions = action_titles()
        .into_iter()
        .enumerate()
        .map(|(i, title)| Action {
            title,
            owner: owners[i % 4].to_string(),
            due: format!("{} July 2025", 1 + i * 2),
            status: ["Not started", "In progress", "Completed"][i % 3].into(),
            item_id: format!("safe.{}", 1 + i % 8),
            item_title: SECTIONS[0].2[i % 8].to_string(),
            priority: String::new(),
            regulations: Vec::new(),
        })
        .collect();
    Report {
        inspection: InspectionFacts {
            service: "Larch Ward".into(),
            site: "Ysbyty Glan-yr-Afon, Penrhyndeudraeth".into(),
            trust: "Example Mental Health NHS Foundation Trust".into(),
            kind: "Mock inspection".into(),
            dates: "11–12 June 2025".into(),
            team: NAMES.iter().map(|s| (*s).to_string()).collect(),
            template_title: "CQC single assessment framework, mental-health inpatient ward".into(),
            template_version: "3".into(),
            status: if signed_off {
                Status::SignedOff {
                    inspector: NAMES[0].into(),
                    reviewer: NAMES[2].into(),
                    signed_at: "13 June 2025, 16:20".into(),
                }
            } else {
                Status::Draft
            },
            fingerprint: signed_off.then(|| FINGERPRINT.to_string()),
        },
        ratings: ratings(),
        bands: vec![
            Band { min: 25.0, max: 38.0, rating: "inadequate".into() },
            Band { min: 39.0, max: 62.0, rating: "requires-improvement".into() },
            Band { min: 63.0, max: 87.0, rating: "good".into() },
            Band { min: 88.0, max: 100.0, rating: "outstanding".into() },
        ],
        overall: Overall {
            rating_label: Some("Requires improvement".into()),
            colour: Some("#ffb81c".into()),
            explanation: "Two key questions are rated Requires improvement, so the overall rating is Requires improvement (2 or more Requires improvement gives Requires improvement).".into(),
        },
        highlights: Highlights {
            strengths: vec![Highlight {
                title: SECTIONS[1].2[0].to_string(),
                section: "Effective".into(),
                answer: "4, Exceptional standard".into(),
            }],
            concerns: vec![Highlight {
                title: SECTIONS[0].2[6].to_string(),
                section: "Safe".into(),
                answer: "1, Significant shortfalls".into(),
            }],
        },
        action_counts: ActionCounts {
            must_do: 0,
            should_do: 0,
            open: 8,
            next_due: Some("1 July 2025".into()),
        },
        rounding_note: Some("Percentages are rounded to whole numbers, halves up.".into()),
        sections,
        actions,
        responses,
    }
}
