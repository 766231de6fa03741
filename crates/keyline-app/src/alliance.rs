//! A fictional alliance of four NHS mental-health trusts and a year of their inspections,
//! behind `keyline demo --alliance` and the benchmarks: enough wards, self-assessments, mock
//! inspections, peer reviews and actions for a board's view of many wards to show something.
//!
//! Everything is made from a seed and a day alone, never the clock: the same seed and day give
//! the same wards, inspections, answers, notes, moderations and actions. Every trust, hospital,
//! ward and person named is invented. Each ward has an underlying quality per key question
//! that drifts over the year; an inspection's answers are that quality plus noise, and some
//! wards rate themselves persistently higher than their mock inspections do.

use fastrand::Rng;
use keyline_core::scoring;
use keyline_core::template::{Item, ResponseType, Template};
use serde::Serialize;

use crate::{dto, App, AppError, ErrorCode, Result};

const TEMPLATE: &str = "cqc-saf-mh-ward";

/// What `keyline demo --alliance` makes.
#[derive(Debug, Clone)]
pub struct AllianceOptions {
    /// About how many inspections to make in all: the number of wards is scaled to fit, each
    /// keeping a year of monthly self-assessments and quarterly mock inspections (10,000 makes
    /// about 600 wards). `None`: the demonstration's alliance of about 40 wards.
    pub inspections: Option<usize>,
    /// The day the year of inspections ends, `YYYY-MM-DD`: no inspection is later, and
    /// actions are overdue or not as at this day.
    pub today: String,
    /// The same seed and day make the same alliance.
    pub seed: u64,
}

/// What `keyline demo --alliance` made.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllianceSummary {
    pub trusts: usize,
    pub wards: usize,
    /// Inspections made, every one signed off.
    pub inspections: usize,
    pub actions: usize,
    /// Actions not completed whose due date is before the day the year ends.
    pub overdue_actions: usize,
}

/// Self-assessments a ward makes in the year (monthly) and mock inspections (quarterly).
const MONTHLY: i64 = 12;
const QUARTERLY: i64 = 4;
/// The share of wards that also have a peer review, close to one of their mock inspections.
const PEER_SHARE: f64 = 0.2;
/// The demonstration's number of wards.
const DEFAULT_WARDS: usize = 40;

struct TrustPlan {
    name: &'static str,
    sites: [&'static str; 4],
}

const TRUSTS: [TrustPlan; 4] = [
    TrustPlan {
        name: "Midshire Partnership NHS Foundation Trust",
        sites: [
            "Northgate Hospital",
            "Brackenfield Hospital",
            "The Linnet Centre",
            "Oakhurst House",
        ],
    },
    TrustPlan {
        name: "Coldbrook and Weald NHS Foundation Trust",
        sites: [
            "Coldbrook Hospital",
            "Harrowdene Park Hospital",
            "St Wenna's Hospital",
            "Fennick Lodge",
        ],
    },
    TrustPlan {
        name: "Northmere Mental Health NHS Trust",
        sites: [
            "Greywater Hospital",
            "Fellside Unit",
            "Kestrel Lodge",
            "Tarnbeck House",
        ],
    },
    TrustPlan {
        name: "Eastmarsh and Wolds Care NHS Foundation Trust",
        sites: [
            "Lindmere Hospital",
            "The Saltings Unit",
            "Marram House",
            "Copperfold Hospital",
        ],
    },
];

/// Stems and kinds for further (invented) sites when a large alliance needs more.
const SITE_STEMS: [&str; 12] = [
    "Ashcombe",
    "Birchley",
    "Calderwick",
    "Dunmore",
    "Elmstead",
    "Farrowby",
    "Glenholme",
    "Hartwell",
    "Inchmore",
    "Juniper Hill",
    "Kelbrook",
    "Lowfield",
];
const SITE_KINDS: [&str; 4] = ["Hospital", "House", "Unit", "Lodge"];

const WARD_NAMES: [&str; 64] = [
    "Larch",
    "Rowan",
    "Hazel",
    "Willow",
    "Aspen",
    "Juniper",
    "Alder",
    "Beech",
    "Birch",
    "Cedar",
    "Elder",
    "Hawthorn",
    "Holly",
    "Linden",
    "Maple",
    "Poplar",
    "Sycamore",
    "Yew",
    "Heather",
    "Bracken",
    "Foxglove",
    "Bluebell",
    "Primrose",
    "Clover",
    "Thistle",
    "Teasel",
    "Yarrow",
    "Sorrel",
    "Kestrel",
    "Heron",
    "Curlew",
    "Lapwing",
    "Skylark",
    "Wren",
    "Avocet",
    "Plover",
    "Merlin",
    "Osprey",
    "Dunlin",
    "Kingfisher",
    "Swift",
    "Fieldfare",
    "Redwing",
    "Linnet",
    "Bramble",
    "Fern",
    "Ivy",
    "Laurel",
    "Myrtle",
    "Tansy",
    "Campion",
    "Celandine",
    "Harebell",
    "Sedge",
    "Oak",
    "Ash",
    "Elm",
    "Chestnut",
    "Walnut",
    "Cherry",
    "Damson",
    "Medlar",
    "Quince",
    "Hornbeam",
];
/// Told apart in a large alliance: "Upper Larch Ward", "Lower Larch Ward".
const WARD_PREFIXES: [&str; 10] = [
    "", "Upper ", "Lower ", "North ", "South ", "East ", "West ", "Little ", "New ", "Old ",
];

#[derive(Clone, Copy)]
enum WardKind {
    AdultAcute,
    Picu,
    OlderAdult,
    Rehabilitation,
}

impl WardKind {
    fn pick(rng: &mut Rng) -> WardKind {
        match rng.f64() {
            x if x < 0.45 => WardKind::AdultAcute,
            x if x < 0.6 => WardKind::Picu,
            x if x < 0.85 => WardKind::OlderAdult,
            _ => WardKind::Rehabilitation,
        }
    }

    fn label(self) -> &'static str {
        match self {
            WardKind::AdultAcute => "adult acute",
            WardKind::Picu => "PICU",
            WardKind::OlderAdult => "older adult",
            WardKind::Rehabilitation => "rehabilitation",
        }
    }

    fn beds(self, rng: &mut Rng) -> u32 {
        match self {
            WardKind::AdultAcute => rng.u32(16..=22),
            WardKind::Picu => rng.u32(8..=12),
            WardKind::OlderAdult => rng.u32(14..=20),
            WardKind::Rehabilitation => rng.u32(10..=16),
        }
    }
}

const FIRST_NAMES: [&str; 40] = [
    "Siân",
    "Zoë",
    "Renée",
    "Dafydd",
    "Aoife",
    "Niamh",
    "Oluwaseun",
    "Priya",
    "Tomasz",
    "Chidi",
    "Mei",
    "Ahmed",
    "Fatima",
    "Kwame",
    "Grace",
    "Hannah",
    "James",
    "Olivia",
    "Rhys",
    "Saoirse",
    "Ewan",
    "Isla",
    "Yusuf",
    "Amara",
    "Marek",
    "Lucía",
    "Ben",
    "Chloe",
    "Dev",
    "Ffion",
    "Gareth",
    "Nadia",
    "Callum",
    "Bethan",
    "Joseph",
    "Anjali",
    "Rory",
    "Efua",
    "Kieran",
    "Maryam",
];
const SURNAMES: [&str; 40] = [
    "Okafor",
    "Patel",
    "Nowak",
    "Hughes",
    "Lewis",
    "Campbell",
    "Murphy",
    "Khan",
    "Evans",
    "Adeyemi",
    "Mensah",
    "Kowalski",
    "Ó Briain",
    "Llewellyn",
    "Taylor",
    "Singh",
    "Kaur",
    "Wright",
    "Robinson",
    "Thompson",
    "Clarke",
    "Hall",
    "Greenwood",
    "Baker",
    "Owusu",
    "Fraser",
    "MacLeod",
    "Pritchard",
    "Bianchi",
    "Nakamura",
    "Haddad",
    "Rahman",
    "Doherty",
    "Fitzgerald",
    "Ashworth",
    "Pennington",
    "Achebe",
    "Lindqvist",
    "Moreau",
    "Varga",
];

/// What an inspector finds against a quality statement: who owns the action, the shortfall
/// they would note, the action they would raise, and what they would note when it is good.
struct Finding {
    item: &'static str,
    owner: &'static str,
    shortfall: &'static str,
    action: &'static str,
    good: &'static str,
}

const FINDINGS: [Finding; 34] = [
    Finding {
        item: "safe.learning-culture",
        owner: "Ward manager",
        shortfall: "Near misses rarely reported; staff could not name learning from recent incidents.",
        action: "Share learning from incidents at every safety huddle and record it",
        good: "Learning from incidents shared at the weekly safety huddle.",
    },
    Finding {
        item: "safe.safe-systems",
        owner: "Ward manager",
        shortfall: "Discharge handovers to the community team missing in records checked.",
        action: "Use the written discharge handover for every discharge",
        good: "Written handovers seen for every discharge sampled.",
    },
    Finding {
        item: "safe.safeguarding",
        owner: "Safeguarding lead",
        shortfall: "Safeguarding concerns not referred within 24 hours.",
        action: "Refer every safeguarding concern within 24 hours and audit the log weekly",
        good: "Staff could name the safeguarding lead; referrals logged promptly.",
    },
    Finding {
        item: "safe.involving-people-in-risk",
        owner: "Matron",
        shortfall: "Risk plans not written with patients; blanket restrictions not reviewed.",
        action: "Review blanket restrictions and write risk plans with patients",
        good: "Risk plans written with patients in the records checked.",
    },
    Finding {
        item: "safe.safe-environments",
        owner: "Estates manager",
        shortfall: "Ligature risk assessment out of date; anti-ligature fittings awaiting replacement.",
        action: "Update the ligature risk assessment and replace the outstanding fittings",
        good: "Environmental risk assessment current; ward clean and well kept.",
    },
    Finding {
        item: "safe.staffing",
        owner: "Matron",
        shortfall: "Registered nurse fill rate below plan on nights; bank staff not inducted.",
        action: "Agree a night staffing plan and induct every bank nurse",
        good: "Fill rates met the plan over the last four weeks.",
    },
    Finding {
        item: "safe.infection-control",
        owner: "Ward manager",
        shortfall: "Cleaning schedules incomplete; hand hygiene audit below target.",
        action: "Complete cleaning schedules daily and repeat the hand hygiene audit",
        good: "Cleaning schedules complete; hand hygiene audit above target.",
    },
    Finding {
        item: "safe.medicines-optimisation",
        owner: "Ward pharmacist",
        shortfall: "Clinic fridge temperatures not logged; rapid tranquillisation monitoring missing.",
        action: "Log fridge temperatures daily and audit rapid tranquillisation monitoring",
        good: "Clinic room tidy; medicines records complete.",
    },
    Finding {
        item: "effective.assessing-needs",
        owner: "Ward doctor",
        shortfall: "Physical health checks not done within 72 hours of admission.",
        action: "Complete physical health checks within 72 hours of every admission",
        good: "Physical health checks done on admission in all records seen.",
    },
    Finding {
        item: "effective.evidence-based-care",
        owner: "Consultant psychiatrist",
        shortfall: "Psychological therapies not offered; care plans not in line with NICE guidance.",
        action: "Offer psychological therapy to every patient and review care plans against NICE guidance",
        good: "Psychology input offered; care plans follow NICE guidance.",
    },
    Finding {
        item: "effective.working-together",
        owner: "Ward manager",
        shortfall: "Community teams not invited to multidisciplinary reviews.",
        action: "Invite community teams to every weekly multidisciplinary review",
        good: "Daily board round with the crisis team.",
    },
    Finding {
        item: "effective.healthier-lives",
        owner: "Occupational therapist",
        shortfall: "Few activities on the ward; smoking cessation not offered.",
        action: "Restart the activity timetable and offer smoking cessation to every patient",
        good: "Activity groups running; smoking cessation offered.",
    },
    Finding {
        item: "effective.monitoring-outcomes",
        owner: "Consultant psychiatrist",
        shortfall: "Outcome measures not repeated at discharge.",
        action: "Complete outcome measures at discharge and audit monthly",
        good: "Outcome measures completed on admission and at discharge.",
    },
    Finding {
        item: "effective.consent",
        owner: "Mental Health Act administrator",
        shortfall: "Section 132 rights not repeated; capacity assessments missing.",
        action: "Repeat section 132 rights and record capacity for every patient",
        good: "Rights explained and repeated; capacity recorded.",
    },
    Finding {
        item: "caring.kindness-dignity",
        owner: "Ward manager",
        shortfall: "Staff seen talking over patients; privacy not kept in the bedroom corridor.",
        action: "Run a dignity workshop with the ward team and repeat the observations",
        good: "Warm, respectful interactions seen throughout the visit.",
    },
    Finding {
        item: "caring.treating-as-individuals",
        owner: "Ward manager",
        shortfall: "Cultural and dietary needs not recorded in care plans.",
        action: "Record cultural and dietary needs in every care plan",
        good: "Cultural and dietary needs met; interpreters booked.",
    },
    Finding {
        item: "caring.independence-choice-control",
        owner: "Ward manager",
        shortfall: "Community meetings not held; patients not involved in ward decisions.",
        action: "Hold a weekly community meeting with patients setting the agenda",
        good: "Weekly community meetings; patients set the agenda.",
    },
    Finding {
        item: "caring.immediate-needs",
        owner: "Matron",
        shortfall: "Call bells slow to be answered; patients waited for help.",
        action: "Audit call bell response times and agree a standard",
        good: "Call bells answered promptly.",
    },
    Finding {
        item: "caring.workforce-wellbeing",
        owner: "Matron",
        shortfall: "No reflective practice; staff not debriefed after incidents.",
        action: "Hold reflective practice fortnightly and a debrief after every incident",
        good: "Reflective practice fortnightly; debriefs after incidents.",
    },
    Finding {
        item: "responsive.person-centred-care",
        owner: "Ward manager",
        shortfall: "Care plans generic, not in patients' own words.",
        action: "Rewrite care plans with patients, in their own words",
        good: "Care plans written in patients' own words.",
    },
    Finding {
        item: "responsive.integration-continuity",
        owner: "Discharge coordinator",
        shortfall: "Delayed discharges awaiting supported housing not escalated.",
        action: "Escalate every delayed discharge at the weekly system call",
        good: "Delayed discharges tracked and escalated.",
    },
    Finding {
        item: "responsive.providing-information",
        owner: "Ward manager",
        shortfall: "Ward information not available in easy-read or other languages.",
        action: "Make ward information available in easy-read and the main local languages",
        good: "Leaflets in several languages and easy-read.",
    },
    Finding {
        item: "responsive.listening-involving",
        owner: "Matron",
        shortfall: "Complaints answered late; no 'you said, we did' feedback.",
        action: "Answer complaints within 25 working days and keep the 'you said, we did' board current",
        good: "Complaints answered on time; feedback board current.",
    },
    Finding {
        item: "responsive.equity-in-access",
        owner: "Bed manager",
        shortfall: "Admissions delayed by more than four hours after the decision to admit.",
        action: "Review admission delays with the bed management team",
        good: "Admissions within four hours of the decision.",
    },
    Finding {
        item: "responsive.equity-in-outcomes",
        owner: "Matron",
        shortfall: "Restraint data not analysed by ethnicity.",
        action: "Analyse restraint data by ethnicity and report to governance",
        good: "Restraint data reviewed by protected characteristic.",
    },
    Finding {
        item: "responsive.planning-future",
        owner: "Consultant psychiatrist",
        shortfall: "Advance statements not discussed with patients.",
        action: "Offer every patient the chance to make an advance statement",
        good: "Advance statements discussed with patients who wished to make one.",
    },
    Finding {
        item: "well-led.shared-direction",
        owner: "Ward manager",
        shortfall: "Staff could not describe the ward's priorities.",
        action: "Agree the ward's priorities for the year with the team and display them",
        good: "Staff could describe the ward's priorities.",
    },
    Finding {
        item: "well-led.capable-leaders",
        owner: "Head of nursing",
        shortfall: "Ward manager post covered by rotating deputies; leadership not visible.",
        action: "Appoint a substantive ward manager and agree interim cover",
        good: "Ward manager visible; matron visits weekly.",
    },
    Finding {
        item: "well-led.freedom-to-speak-up",
        owner: "Head of nursing",
        shortfall: "Staff did not know the Freedom to Speak Up guardian.",
        action: "Introduce the Freedom to Speak Up guardian at team meetings",
        good: "Staff knew the Freedom to Speak Up guardian.",
    },
    Finding {
        item: "well-led.workforce-edi",
        owner: "Head of nursing",
        shortfall: "Requests for reasonable adjustments outstanding for months.",
        action: "Review every outstanding request for reasonable adjustments",
        good: "Staff networks active; adjustments in place.",
    },
    Finding {
        item: "well-led.governance",
        owner: "Ward manager",
        shortfall: "Ward risk register items past their review date.",
        action: "Review and update the ward risk register",
        good: "Risk register current; audits acted on.",
    },
    Finding {
        item: "well-led.partnerships-communities",
        owner: "Matron",
        shortfall: "Section 136 protocol with the police out of date.",
        action: "Renew the joint section 136 protocol with the police",
        good: "Joint protocols current; community groups visit.",
    },
    Finding {
        item: "well-led.learning-improvement",
        owner: "Practice development nurse",
        shortfall: "No measured quality improvement work on the ward.",
        action: "Start a measured quality improvement project with staff and patients",
        good: "Quality improvement project under way and measured.",
    },
    Finding {
        item: "well-led.environmental-sustainability",
        owner: "Estates manager",
        shortfall: "No local sustainability plan; recycling not used.",
        action: "Agree a ward sustainability plan with the estates team",
        good: "The ward recycles and has cut single-use items.",
    },
];

/// Notes for a "no" to one of the yes-or-no checks (closed cultures, use of force).
const CHECK_NOTES: [&str; 3] = [
    "Not in place at this visit; raised with the ward manager.",
    "Not seen in the records sampled; matron informed.",
    "Staff unsure; to be checked at the next visit.",
];

const MODERATED_DOWN: [&str; 3] = [
    "Moderated down: the shortfalls found were also found at the last visit and have not been put right.",
    "Moderated down: one serious incident in the period outweighs the good practice seen on the day.",
    "Moderated down: patients and carers described concerns the records on the day did not show.",
];
const MODERATED_UP: [&str; 3] = [
    "Moderated up: the low scores rest on one week's short staffing that the ward had escalated and covered.",
    "Moderated up: the shortfalls found were put right during the visit and checked before leaving.",
    "Moderated up: sustained improvement since the last visit, shown in three months of audits.",
];

/// A ward and its underlying quality, which the answers of its inspections follow.
struct Ward {
    trust: usize,
    site: String,
    service: String,
    manager: String,
    deputy: String,
    matron: String,
    /// Per key question (section): the quality at the start of the year and its change over
    /// the year, on the scale's levels.
    start: Vec<f64>,
    trend: Vec<f64>,
    /// Per section and item: how far the ward is persistently off its section's quality.
    item_offset: Vec<Vec<f64>>,
    /// How far its self-assessments run above what an inspector finds.
    self_bias: f64,
}

/// The trust's quality team, who make the mock inspections and peer reviews, and who
/// reviews their sign-offs.
struct QualityTeam {
    members: Vec<String>,
    head: String,
}

struct Visit {
    ward: usize,
    kind: dto::InspectionKind,
    /// Days since 1970-01-01.
    day: i64,
    team: Vec<String>,
    reviewer: String,
    /// A peer reviewer's own lean, up or down.
    bias: f64,
}

struct Alliance {
    wards: Vec<Ward>,
    visits: Vec<Visit>,
}

impl App {
    /// Fills a fresh database with a fictional alliance of four NHS mental-health trusts and
    /// a year of their inspections ending on `options.today`: monthly self-assessments,
    /// quarterly mock inspections and a few peer reviews of each ward, on the newest
    /// `cqc-saf-mh-ward` template, answered, noted, sometimes moderated, with actions, and
    /// all signed off; then the actions' follow-up as at `today`, so that some are done and
    /// some overdue. The same seed and day make the same alliance. Signs with a throwaway
    /// identity when the user has none. `progress(done, total)` is called after each
    /// inspection.
    pub fn create_alliance_demo(
        &mut self,
        options: &AllianceOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<AllianceSummary> {
        let today = parse_day(&options.today)?;
        let template = self.template(TEMPLATE, None)?;
        let alliance = plan(&template, options, today);
        if self.signer.is_none() {
            // As for `keyline demo`: a demonstration must not make a key in the user's name.
            let identity = keyline_sign::Identity::generate(
                "Keyline demonstration signer",
                "Example NHS Foundation Trust (fictional)",
                1_763_942_400,
            )
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
            self.signer = Some(identity);
        }
        let mut summary = AllianceSummary {
            trusts: TRUSTS.len(),
            wards: alliance.wards.len(),
            inspections: 0,
            actions: 0,
            overdue_actions: 0,
        };
        let total = alliance.visits.len();
        for (n, visit) in alliance.visits.iter().enumerate() {
            let mut rng = Rng::with_seed(stream(options.seed, n as u64 + 1));
            let ward = &alliance.wards[visit.ward];
            let (id, actions) =
                self.atomically(|app| app.inspect(&template, ward, visit, today, &mut rng))?;
            self.sign_off(id, &visit.team[0], &visit.reviewer)?;
            // Follow-up as at the day the year ends.
            self.atomically(|app| {
                for &(action, due) in &actions {
                    let overdue = today - due;
                    let status = follow_up(overdue, &mut rng);
                    if status != dto::ActionStatus::Completed && overdue > 0 {
                        summary.overdue_actions += 1;
                    }
                    if status == dto::ActionStatus::NotStarted {
                        continue;
                    }
                    app.update_action(action, status_change(dto::ActionStatus::InProgress))?;
                    if status == dto::ActionStatus::Completed {
                        app.update_action(action, status_change(status))?;
                    }
                }
                Ok(())
            })?;
            summary.actions += actions.len();
            summary.inspections += 1;
            progress(n + 1, total);
        }
        Ok(summary)
    }

    /// Makes one inspection, answered, noted, perhaps moderated, with its actions; returns
    /// its id and its actions' ids with their due days.
    fn inspect(
        &mut self,
        template: &Template,
        ward: &Ward,
        visit: &Visit,
        today: i64,
        rng: &mut Rng,
    ) -> Result<(i64, Vec<(i64, i64)>)> {
        let id = self
            .create_inspection(dto::NewInspection {
                template_id: template.id.clone(),
                template_version: Some(template.version.clone()),
                service: ward.service.clone(),
                site: ward.site.clone(),
                trust: TRUSTS[ward.trust].name.to_string(),
                kind: visit.kind,
                date: Some(format_day(visit.day)),
                team: visit.team.join(", "),
            })?
            .id;
        let year_start = today - 365;
        let t = ((visit.day - year_start) as f64 / 365.0).clamp(0.0, 1.0);
        let bias = match visit.kind {
            dto::InspectionKind::SelfAssessment => ward.self_bias,
            dto::InspectionKind::Mock => 0.0,
            dto::InspectionKind::PeerReview => visit.bias,
        };
        let inspector_checks = visit.kind != dto::InspectionKind::SelfAssessment;
        let good_note_share = if inspector_checks { 0.2 } else { 0.08 };
        let mut low = Vec::new();
        for (s, section) in template.sections.iter().enumerate() {
            let quality = ward.start[s] + ward.trend[s] * t;
            for (i, item) in section.items.iter().enumerate() {
                let Some((lowest, levels)) = scale_levels(template, item) else {
                    continue;
                };
                let wanted = quality + ward.item_offset[s][i] + 0.45 * normal(rng) + bias;
                let level = nearest(&levels, wanted);
                let finding = finding(item);
                let note = if level <= lowest + 1.0 {
                    low.push((item, level <= lowest));
                    Some(if level <= lowest {
                        format!("Significant shortfall: {}", finding.shortfall)
                    } else {
                        finding.shortfall.to_string()
                    })
                } else if rng.f64() < good_note_share {
                    Some(finding.good.to_string())
                } else {
                    None
                };
                self.record_answer(id, template, item, &number(level), note.as_deref())?;
                if inspector_checks {
                    self.answer_checks(id, template, item, quality, rng)?;
                }
            }
        }
        let mut actions = Vec::new();
        for (item, lowest) in low {
            let share = match (visit.kind, lowest) {
                (dto::InspectionKind::Mock, true) => 1.0,
                (dto::InspectionKind::Mock, false) => 0.7,
                (dto::InspectionKind::SelfAssessment, true) => 0.5,
                (dto::InspectionKind::SelfAssessment, false) => 0.15,
                (dto::InspectionKind::PeerReview, _) => 0.0,
            };
            if rng.f64() >= share {
                continue;
            }
            let finding = finding(item);
            let due = visit.day + 7 * rng.i64(2..=12);
            let suggested = self.suggest_priority(id, &item.id)?;
            let action = self.add_action(dto::NewAction {
                inspection_id: id,
                item_id: Some(item.id.clone()),
                title: finding.action.to_string(),
                owner: finding.owner.to_string(),
                due_date: Some(format_day(due)),
                priority: Some(suggested.priority),
                regulations: suggested.regulations,
            })?;
            actions.push((action.id, due));
        }
        // After the actions, so that a breach they find is known to the moderation.
        if visit.kind == dto::InspectionKind::Mock && rng.f64() < 0.06 {
            self.moderate(id, template, rng)?;
        }
        Ok((id, actions))
    }

    /// Records an answer as `answer_text` does, checked against its item first, but
    /// without scoring the inspection again after each one: the generator has no use for the
    /// progress report, and working it out was the larger part of the generator's time.
    /// `template` is the inspection's own version.
    fn record_answer(
        &mut self,
        id: i64,
        template: &Template,
        item: &Item,
        value: &str,
        note: Option<&str>,
    ) -> Result<()> {
        let answer = scoring::parse_answer(template, item, value)
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        self.store_answer(id, &item.id, &answer, note)
    }

    /// Answers an item's yes-or-no checks (closed cultures, use of force), which inspectors
    /// make and self-assessments leave: "no" more often where the key question is weak.
    fn answer_checks(
        &mut self,
        id: i64,
        template: &Template,
        item: &Item,
        quality: f64,
        rng: &mut Rng,
    ) -> Result<()> {
        let no_share = if quality < 2.2 { 0.35 } else { 0.05 };
        for check in &item.sub_items {
            if !matches!(check.response, ResponseType::YesNo) {
                continue;
            }
            if rng.f64() < no_share {
                let note = CHECK_NOTES[rng.usize(..CHECK_NOTES.len())];
                self.record_answer(id, template, check, "no", Some(note))?;
            } else {
                self.record_answer(id, template, check, "yes", None)?;
            }
        }
        Ok(())
    }

    /// Moderates one key question a band up or down, with the reason; never up past a
    /// breach's cap.
    fn moderate(&mut self, id: i64, template: &Template, rng: &mut Rng) -> Result<()> {
        let score = self.score(id)?;
        let section = &score.sections[rng.usize(..score.sections.len())];
        let Some(computed) = section.computed_rating.as_deref() else {
            return Ok(());
        };
        // The template lists its ratings best first.
        let Some(at) = template.ratings.iter().position(|r| r.id == computed) else {
            return Ok(());
        };
        let can_go_up = at > 0 && section.capped_by.is_none();
        let can_go_down = at + 1 < template.ratings.len();
        let up = match (can_go_up, can_go_down) {
            (true, true) => rng.bool(),
            (up, false) => up,
            (false, true) => false,
        };
        let (to, reasons) = match (up, can_go_down) {
            (true, _) => (at - 1, &MODERATED_UP),
            (false, true) => (at + 1, &MODERATED_DOWN),
            (false, false) => return Ok(()),
        };
        let reason = reasons[rng.usize(..reasons.len())];
        self.set_override(id, &section.id, Some((&template.ratings[to].id, reason)))?;
        Ok(())
    }
}

fn status_change(status: dto::ActionStatus) -> dto::ActionChange {
    dto::ActionChange {
        status: Some(status),
        ..Default::default()
    }
}

/// Where an action stands as at the day the year ends, from how many days overdue it is
/// (negative: not yet due): older ones are more often done, but not always.
fn follow_up(overdue: i64, rng: &mut Rng) -> dto::ActionStatus {
    let (completed, in_progress) = match overdue {
        ..=-1 => (0.1, 0.4),
        0..=30 => (0.45, 0.35),
        31..=90 => (0.6, 0.25),
        _ => (0.75, 0.15),
    };
    match rng.f64() {
        x if x < completed => dto::ActionStatus::Completed,
        x if x < completed + in_progress => dto::ActionStatus::InProgress,
        _ => dto::ActionStatus::NotStarted,
    }
}

/// The alliance: its wards, and every visit in date order.
fn plan(template: &Template, options: &AllianceOptions, today: i64) -> Alliance {
    let mut rng = Rng::with_seed(stream(options.seed, 0));
    let per_ward = (MONTHLY + QUARTERLY) as f64 + PEER_SHARE;
    let ward_count = match options.inspections {
        None => DEFAULT_WARDS,
        Some(n) => ((n as f64 / per_ward).round() as usize).max(TRUSTS.len()),
    };
    // Trusts of different sizes, each with at least one ward.
    let weights = [0.3, 0.26, 0.24, 0.2];
    let mut per_trust: Vec<usize> = weights
        .iter()
        .map(|w| ((ward_count as f64 * w).round() as usize).max(1))
        .collect();
    let others: usize = per_trust[..TRUSTS.len() - 1].iter().sum();
    per_trust[TRUSTS.len() - 1] = ward_count.saturating_sub(others).max(1);

    let mut people = People::default();
    let teams: Vec<QualityTeam> = (0..TRUSTS.len())
        .map(|_| QualityTeam {
            members: (0..6).map(|_| people.next(&mut rng)).collect(),
            head: people.next(&mut rng),
        })
        .collect();

    let mut names: Vec<usize> = (0..WARD_NAMES.len()).collect();
    rng.shuffle(&mut names);
    let mut wards = Vec::new();
    for (trust, &count) in per_trust.iter().enumerate() {
        let site_count = rng.usize(2..=4).max(count.div_ceil(10)).min(count);
        let sites: Vec<(String, String)> = (0..site_count)
            .map(|s| (site_name(trust, s), people.next(&mut rng)))
            .collect();
        for w in 0..count {
            let (site, matron) = &sites[w % site_count];
            let g = wards.len();
            let kind = WardKind::pick(&mut rng);
            let beds = kind.beds(&mut rng);
            wards.push(Ward {
                trust,
                site: site.clone(),
                service: format!("{} ({}, {beds} beds)", ward_name(&names, g), kind.label()),
                manager: people.next(&mut rng),
                deputy: people.next(&mut rng),
                matron: matron.clone(),
                start: Vec::new(),
                trend: Vec::new(),
                item_offset: Vec::new(),
                self_bias: 0.0,
            });
        }
    }

    // A quarter of wards rate themselves higher than inspectors do; a few are Inadequate
    // somewhere; a fifth have a peer review.
    let mut order: Vec<usize> = (0..wards.len()).collect();
    rng.shuffle(&mut order);
    let inflated = (wards.len() as f64 * 0.25).round() as usize;
    let inadequate = (wards.len() / 20).max(1);
    let sections = template.sections.len();
    for (rank, &w) in order.iter().enumerate() {
        let ward = &mut wards[w];
        let overall = 2.45 + 0.85 * rng.f64();
        let course = rng.f64();
        let drift = if course < 0.3 {
            0.4 + 0.5 * rng.f64()
        } else if course < 0.5 {
            -(0.4 + 0.5 * rng.f64())
        } else {
            0.15 * normal(&mut rng)
        };
        for section in &template.sections {
            let trend = drift + 0.15 * normal(&mut rng);
            let middle = overall + 0.3 * normal(&mut rng);
            ward.start.push(middle - trend / 2.0);
            ward.trend.push(trend);
            ward.item_offset.push(
                section
                    .items
                    .iter()
                    .map(|_| 0.3 * normal(&mut rng))
                    .collect(),
            );
        }
        ward.self_bias = if rank < inflated {
            0.5 + 0.5 * rng.f64()
        } else {
            0.1 * normal(&mut rng)
        };
        if (inflated..inflated + inadequate).contains(&rank) && sections > 0 {
            // Safe or well-led, most often; one struggling all year, the next falling into it.
            let s = if rng.f64() < 0.7 {
                [0, sections - 1][rng.usize(..2)]
            } else {
                rng.usize(..sections)
            };
            if (rank - inflated).is_multiple_of(2) {
                ward.start[s] = 1.0 + 0.3 * rng.f64();
                ward.trend[s] = 0.2 * rng.f64();
            } else {
                ward.start[s] = 2.2;
                ward.trend[s] = -1.0;
            }
        }
    }

    let mut order: Vec<usize> = (1..wards.len()).collect();
    rng.shuffle(&mut order);
    // The first ward always has one, so that even a small alliance measures consistency.
    order.truncate(((wards.len() as f64 * PEER_SHARE).round() as usize).saturating_sub(1));
    order.push(0);
    let mut peer_reviewed = vec![false; wards.len()];
    for w in order {
        peer_reviewed[w] = true;
    }

    let mut visits = Vec::new();
    for (w, ward) in wards.iter().enumerate() {
        let team = &teams[ward.trust];
        let first_mock = rng.i64(0..91);
        let mocks: Vec<i64> = (0..QUARTERLY)
            .map(|q| today - q * 91 - first_mock)
            .collect();
        for &day in &mocks {
            visits.push(Visit {
                ward: w,
                kind: dto::InspectionKind::Mock,
                day,
                team: pick(&team.members, rng.usize(2..=3), &mut rng),
                reviewer: team.head.clone(),
                bias: 0.0,
            });
        }
        let first_self = rng.i64(0..30);
        for m in 0..MONTHLY {
            visits.push(Visit {
                ward: w,
                kind: dto::InspectionKind::SelfAssessment,
                day: today - m * 365 / 12 - first_self,
                team: vec![ward.manager.clone(), ward.deputy.clone()],
                reviewer: ward.matron.clone(),
                bias: 0.0,
            });
        }
        if peer_reviewed[w] {
            // Another trust's quality team, within ten days of one of the ward's mocks.
            let mock = mocks[rng.usize(..mocks.len())];
            let gap = rng.i64(1..=10);
            let day = if mock + gap <= today {
                mock + gap
            } else {
                mock - gap
            };
            let other = &teams[(ward.trust + rng.usize(1..TRUSTS.len())) % TRUSTS.len()];
            visits.push(Visit {
                ward: w,
                kind: dto::InspectionKind::PeerReview,
                day,
                team: pick(&other.members, 2, &mut rng),
                reviewer: other.head.clone(),
                bias: 0.15 * normal(&mut rng),
            });
        }
    }
    visits.sort_by_key(|v| (v.day, v.ward, kind_rank(v.kind)));
    Alliance { wards, visits }
}

fn kind_rank(kind: dto::InspectionKind) -> u8 {
    match kind {
        dto::InspectionKind::SelfAssessment => 0,
        dto::InspectionKind::Mock => 1,
        dto::InspectionKind::PeerReview => 2,
    }
}

/// `count` different people from `from`, the first of whom leads.
fn pick(from: &[String], count: usize, rng: &mut Rng) -> Vec<String> {
    let mut all = from.to_vec();
    rng.shuffle(&mut all);
    all.truncate(count);
    all
}

/// Invented people, no name given twice.
#[derive(Default)]
struct People {
    given: std::collections::HashSet<String>,
}

impl People {
    fn next(&mut self, rng: &mut Rng) -> String {
        loop {
            let first = FIRST_NAMES[rng.usize(..FIRST_NAMES.len())];
            let last = SURNAMES[rng.usize(..SURNAMES.len())];
            let mut name = format!("{first} {last}");
            if self.given.len() >= FIRST_NAMES.len() * SURNAMES.len() / 2 {
                // A very large alliance: a middle initial keeps names apart.
                let initial = char::from(b'A' + rng.u8(..26));
                name = format!("{first} {initial}. {last}");
            }
            if self.given.insert(name.to_lowercase()) {
                return name;
            }
        }
    }
}

fn site_name(trust: usize, s: usize) -> String {
    match TRUSTS[trust].sites.get(s) {
        Some(name) => name.to_string(),
        None => {
            // Further sites of a large alliance: stems shared out between the trusts.
            let n = (s - TRUSTS[trust].sites.len()) * TRUSTS.len() + trust;
            let stem = SITE_STEMS[n % SITE_STEMS.len()];
            let kind = SITE_KINDS[(n / SITE_STEMS.len()) % SITE_KINDS.len()];
            match n / (SITE_STEMS.len() * SITE_KINDS.len()) {
                0 => format!("{stem} {kind}"),
                round => format!("{stem} {kind} {}", round + 1),
            }
        }
    }
}

fn ward_name(names: &[usize], g: usize) -> String {
    let name = WARD_NAMES[names[g % names.len()]];
    match WARD_PREFIXES.get(g / names.len()) {
        Some(prefix) => format!("{prefix}{name} Ward"),
        None => format!("{name} Ward {}", g / names.len() + 1),
    }
}

fn finding(item: &Item) -> &'static Finding {
    // An item this generator has no words for (a newer template) borrows a general finding.
    const GENERAL: Finding = Finding {
        item: "",
        owner: "Ward manager",
        shortfall: "Shortfalls found in the records and practice checked.",
        action: "Put right the shortfalls found and check again at the next visit",
        good: "Good practice seen.",
    };
    FINDINGS
        .iter()
        .find(|f| f.item == item.id)
        .unwrap_or(&GENERAL)
}

/// The lowest level and all levels of a scored item's scale; `None` for other items.
fn scale_levels(template: &Template, item: &Item) -> Option<(f64, Vec<f64>)> {
    let ResponseType::Scale { scale } = &item.response else {
        return None;
    };
    let levels: Vec<f64> = template
        .scale(scale)?
        .levels
        .iter()
        .map(|l| l.value)
        .collect();
    let lowest = levels.iter().copied().reduce(f64::min)?;
    Some((lowest, levels))
}

fn nearest(levels: &[f64], wanted: f64) -> f64 {
    levels
        .iter()
        .copied()
        .min_by(|a, b| (a - wanted).abs().total_cmp(&(b - wanted).abs()))
        .unwrap_or(wanted)
}

/// A level as an inspector types it: "3".
fn number(level: f64) -> String {
    if level.fract() == 0.0 {
        format!("{}", level as i64)
    } else {
        format!("{level}")
    }
}

/// Roughly normal noise with mean 0 and standard deviation 1 (a sum of four uniforms):
/// plain arithmetic, so the same on every machine.
fn normal(rng: &mut Rng) -> f64 {
    (rng.f64() + rng.f64() + rng.f64() + rng.f64() - 2.0) * 3f64.sqrt()
}

/// An independent stream of random numbers for each part (SplitMix64 of the seed and the
/// part's number), so one inspection's draws do not shift another's.
fn stream(seed: u64, part: u64) -> u64 {
    let mut z = seed ^ part.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `YYYY-MM-DD` as days since 1970-01-01; refused unless a real day far enough from the
/// ends of the calendar for a year before it and due dates after it.
fn parse_day(text: &str) -> Result<i64> {
    let refuse = || {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("\"{text}\" is not a date: give the day the year ends as YYYY-MM-DD"),
        )
    };
    if !scoring::is_calendar_date(text) {
        return Err(refuse());
    }
    let part = |range: std::ops::Range<usize>| text[range].parse::<i64>().map_err(|_| refuse());
    let (y, m, d) = (part(0..4)?, part(5..7)?, part(8..10)?);
    if !(2..=9998).contains(&y) {
        return Err(refuse());
    }
    Ok(days_from_civil(y, m, d))
}

fn format_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 of a day of the proleptic Gregorian calendar (Howard Hinnant's
/// algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_the_calendar() {
        for (text, days) in [
            ("1970-01-01", 0),
            ("2000-02-29", 11_016),
            ("2026-11-18", 20_775),
            ("1969-12-31", -1),
        ] {
            assert_eq!(parse_day(text).expect("a day"), days, "{text}");
            assert_eq!(format_day(days), text);
        }
        for days in -800_000..800_000 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert!(parse_day("2026-02-29").is_err());
    }
}
