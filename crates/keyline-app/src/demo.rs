//! A realistic, completed mock inspection of a fictional ward, for demonstrations and for
//! trying the report without a display (`keyline demo`). Every name and finding is invented.

use crate::{dto, App, Result};

const TEMPLATE: &str = "cqc-saf-mh-ward";
const PHOTO: &[u8] = include_bytes!("../demo/ward-corridor.jpg");

/// (statement, score, note) for the 34 statements. Notes are what an inspector might write.
const ANSWERS: [(&str, &str, &str); 34] = [
    ("safe.learning-culture", "3", "Incident reviews from the last quarter seen; learning shared at the Tuesday safety huddle."),
    ("safe.safe-systems", "2", "Two discharges in October had no written handover to the community team."),
    ("safe.safeguarding", "3", "All staff asked could name the safeguarding lead; referrals logged within 24 hours."),
    ("safe.involving-people-in-risk", "3", "Risk assessments co-written with patients in 9 of the 10 records checked."),
    ("safe.safe-environments", "2", "Ligature risk assessment current, but two anti-ligature fittings in the en-suite awaited replacement."),
    ("safe.staffing", "3", "Fill rates 96% for registered nurses over four weeks; bank staff inducted."),
    ("safe.infection-control", "3", "Cleaning schedules complete; hand hygiene audit 94%."),
    ("safe.medicines-optimisation", "3", "Clinic room tidy, fridge log complete; rapid tranquillisation monitoring recorded in all cases."),
    ("effective.assessing-needs", "3", "Physical health checks within 72 hours of admission in all records seen."),
    ("effective.evidence-based-care", "3", "Psychology input offered; NICE-aligned care plans."),
    ("effective.working-together", "4", "Daily board round with the crisis team and housing officer; exemplary joint planning."),
    ("effective.healthier-lives", "3", "Smoking cessation and activity groups running; uptake recorded."),
    ("effective.monitoring-outcomes", "2", "Outcome measures completed on admission but rarely at discharge."),
    ("effective.consent", "3", "Capacity assessments recorded; section 132 rights explained and repeated."),
    ("caring.kindness-dignity", "4", "Observed warm, respectful interactions throughout the day; patients spoke highly of staff."),
    ("caring.treating-as-individuals", "3", "Cultural and dietary needs met; interpreter booked for one patient."),
    ("caring.independence-choice-control", "3", "Community meetings weekly; patients set the agenda."),
    ("caring.immediate-needs", "3", "Call bells answered promptly during the visit."),
    ("caring.workforce-wellbeing", "3", "Reflective practice fortnightly; debriefs after incidents."),
    ("responsive.person-centred-care", "3", "Care plans written in patients' own words in most records."),
    ("responsive.integration-continuity", "2", "Delayed discharges for three patients awaiting supported housing."),
    ("responsive.providing-information", "3", "Leaflets in five languages; easy-read versions available."),
    ("responsive.listening-involving", "3", "Complaints answered within 25 working days; 'you said, we did' board current."),
    ("responsive.equity-in-access", "3", "Admission within four hours of decision in all cases this quarter."),
    ("responsive.equity-in-outcomes", "2", "Restraint data not yet analysed by ethnicity."),
    ("responsive.planning-future", "3", "Advance statements discussed with patients who wished to make one."),
    ("well-led.shared-direction", "3", "Staff could describe the ward's priorities for the year."),
    ("well-led.capable-leaders", "3", "Ward manager visible and approachable; matron visits weekly."),
    ("well-led.freedom-to-speak-up", "3", "Staff knew the Freedom to Speak Up guardian; concerns raised and answered."),
    ("well-led.workforce-edi", "3", "Staff networks active; reasonable adjustments in place."),
    ("well-led.governance", "2", "Ward risk register had two items past their review date."),
    ("well-led.partnerships-communities", "3", "Links with the local recovery college and faith groups."),
    ("well-led.learning-improvement", "3", "Quality improvement project on night-time observations under way."),
    ("well-led.environmental-sustainability", "2", "No local sustainability plan; recycling inconsistent."),
];

const ACTIONS: [(&str, &str, &str, &str); 6] = [
    (
        "safe.safe-environments",
        "Replace the two outstanding anti-ligature fittings in the en-suite",
        "Estates manager",
        "2026-12-15",
    ),
    (
        "safe.safe-systems",
        "Use the written discharge handover template for every discharge",
        "Ward manager",
        "2026-12-31",
    ),
    (
        "effective.monitoring-outcomes",
        "Complete outcome measures at discharge and audit monthly",
        "Consultant psychiatrist",
        "2027-01-31",
    ),
    (
        "responsive.equity-in-outcomes",
        "Analyse restraint data by ethnicity and report to governance",
        "Matron",
        "2027-01-31",
    ),
    (
        "well-led.governance",
        "Review and update the ward risk register",
        "Ward manager",
        "2026-12-10",
    ),
    (
        "well-led.environmental-sustainability",
        "Agree a ward sustainability plan with the estates team",
        "Deputy ward manager",
        "2027-02-28",
    ),
];

impl App {
    /// Fills this (fresh) database with the demonstration inspection, signed off, and returns
    /// its id.
    pub fn create_demo(&mut self) -> Result<i64> {
        let inspection = self.create_inspection(dto::NewInspection {
            template_id: TEMPLATE.to_string(),
            template_version: None,
            service: "Larch Ward (adult acute, 18 beds)".to_string(),
            site: "Northgate Hospital".to_string(),
            trust: "Midshire Partnership NHS Foundation Trust".to_string(),
            kind: dto::InspectionKind::Mock,
            date: Some("2026-11-18".to_string()),
            team: "Siân Ŵyn Llewellyn-Jones, Zoë Łukasiewicz, Renée Dupré".to_string(),
        })?;
        let id = inspection.id;
        for (item, score, note) in ANSWERS {
            self.answer_text(id, item, score, Some(note))?;
        }
        self.add_evidence(id, "safe.safe-environments", "ward-corridor.jpg", PHOTO)?;
        for (item, title, owner, due) in ACTIONS {
            // Each action takes the priority Keyline suggests from the item's answer.
            let suggested = self.suggest_priority(id, item)?;
            self.add_action(dto::NewAction {
                inspection_id: id,
                item_id: Some(item.to_string()),
                title: title.to_string(),
                owner: owner.to_string(),
                due_date: Some(due.to_string()),
                priority: Some(suggested.priority),
                regulations: suggested.regulations,
            })?;
        }
        self.set_override(
            id,
            "well-led",
            Some((
                "requires-improvement",
                "Moderated down: the overdue risk register reviews and the missing sustainability plan were also found at the last visit, so the shortfalls are not new.",
            )),
        )?;
        // The demo signs with a throwaway identity of its own when the user has none: a
        // demonstration must not make a key in the user's name.
        if self.signer.is_none() {
            let identity = keyline_sign::Identity::generate(
                "Keyline demonstration signer",
                "Example NHS Foundation Trust (fictional)",
                1_763_942_400,
            )
            .map_err(|e| crate::AppError::new(crate::ErrorCode::Internal, e.to_string()))?;
            self.signer = Some(identity);
        }
        self.sign_off(id, "Siân Ŵyn Llewellyn-Jones", "Dafydd ap Gwŷn")?;
        // Follow-up after sign-off, as a board would see it a few weeks on.
        let actions = self.list_actions(Some(id))?;
        for (action, status) in actions
            .iter()
            .zip([dto::ActionStatus::Completed, dto::ActionStatus::InProgress])
        {
            self.update_action(
                action.id,
                dto::ActionChange {
                    status: Some(status),
                    ..Default::default()
                },
            )?;
        }
        Ok(id)
    }
}
