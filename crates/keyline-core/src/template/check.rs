//! The semantic half of validation: everything JSON Schema cannot say about a template.
//!
//! A template that reads cleanly can still be unusable: two items sharing an id, a band
//! that leaves 38.5% unrated, a rule naming a rating that does not exist, a follow-up that
//! nothing shows. These checks find all such problems in one pass, so a quality lead fixes
//! a file in one sitting instead of one error per attempt. Each problem names the exact
//! JSON path and says in plain English what is wrong and, where it helps, what would fix it.
//!
//! The checks only read the template; they never fail early and never panic.

use std::collections::{HashMap, HashSet};

use super::read::push_key;
use super::{
    Banding, ChoiceOption, Condition, Consequence, Item, OverallRules, Problem, Rating, Regulation,
    ResponseType, RollUp, Scale, Section, Source, Template,
};

/// The widest rounding that still keeps band edges readable.
const MAX_DECIMALS: u8 = 4;

/// Every problem with a template that read cleanly, in the order they appear in the file.
pub(super) fn check(template: &Template) -> Vec<Problem> {
    let mut checker = Checker {
        template,
        problems: Vec::new(),
        items: HashMap::new(),
        shown: HashSet::new(),
    };
    checker.check_template();
    checker.problems
}

struct Checker<'t> {
    template: &'t Template,
    problems: Vec<Problem>,
    /// Every item and sub-item by id, with the path of its first appearance.
    items: HashMap<&'t str, (&'t Item, String)>,
    /// Ids named by some `show` rule.
    shown: HashSet<&'t str>,
}

/// Which ids may use upper-case letters (item ids such as `S1` follow the regulator).
#[derive(Clone, Copy)]
enum IdKind {
    Lower,
    Item,
}

impl<'t> Checker<'t> {
    fn report(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    fn check_template(&mut self) {
        let template = self.template;
        self.check_id("$.id", &template.id, IdKind::Lower);
        if !is_version(&template.version) {
            self.report(
                "$.version",
                format!(
                    "{} is not a version: use numbers separated by dots, such as `1.0` or \
                     `2025.2`",
                    quoted(&template.version)
                ),
            );
        }
        self.check_text("$.title", &template.title, "the title");
        self.check_sources("$.sources", &template.sources);
        self.check_regulations(&template.regulations);
        self.check_scales(&template.scales);
        self.check_ratings(&template.ratings);
        self.check_banding(&template.banding);
        self.check_sources("$.banding.sources", &template.banding.sources);
        if let Some(minimum) = template.banding.provisional_minimum {
            if !(minimum.is_finite() && minimum > 0.0 && minimum <= 1.0) {
                self.report(
                    "$.banding.provisionalMinimum",
                    format!(
                        "{} is not a share of the items: give a number more than 0 and at most \
                         1, such as 0.5 for half",
                        number(minimum)
                    ),
                );
            }
        }
        if let Some(caps) = &template.caps {
            self.check_rating_ref("$.caps.critical", &caps.critical);
            if let Some(breach) = &caps.breach {
                self.check_rating_ref("$.caps.breach", breach);
            }
            self.check_sources("$.caps.sources", &caps.sources);
        }
        self.check_overall(&template.overall);
        self.index_items();
        self.check_sections(&template.sections);
    }

    /// Each source has a title and either an address to read it at or `own: true`.
    fn check_sources(&mut self, path: &str, sources: &[Source]) {
        for (index, source) in sources.iter().enumerate() {
            let path = format!("{path}[{index}]");
            self.check_text(
                &format!("{path}.title"),
                &source.title,
                "the source's title",
            );
            match &source.url {
                Some(url) if !is_web_address(url) => self.report(
                    format!("{path}.url"),
                    format!(
                        "{} is not a web address: write it in full, starting `https://`",
                        quoted(url)
                    ),
                ),
                Some(_) => {}
                None if !source.own => self.report(
                    path,
                    "say where to read this source: give its `url`, or mark it `\"own\": \
                     true` if the fact is Keyline's own",
                ),
                None => {}
            }
        }
    }

    fn check_regulations(&mut self, regulations: &[Regulation]) {
        for (index, regulation) in regulations.iter().enumerate() {
            let path = format!("$.regulations[{index}]");
            if !crate::scoring::is_regulation(&regulation.number) {
                self.report(
                    format!("{path}.number"),
                    not_a_regulation(&regulation.number),
                );
            }
            self.check_text(&format!("{path}.title"), &regulation.title, "the title");
            self.check_sources(&format!("{path}.sources"), &regulation.sources);
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, regulation) in regulations.iter().enumerate() {
            if let Some(first) = seen.insert(regulation.number.as_str(), index) {
                seen.insert(regulation.number.as_str(), first);
                self.report(
                    format!("$.regulations[{index}].number"),
                    format!(
                        "regulation {} is already listed at `$.regulations[{first}]`",
                        regulation.number
                    ),
                );
            }
        }
    }

    fn check_id(&mut self, path: &str, id: &str, kind: IdKind) {
        if let Some(problem) = id_problem(id, kind) {
            self.report(path, problem);
        }
    }

    fn check_text(&mut self, path: &str, text: &str, what: &str) {
        if text.trim().is_empty() {
            self.report(path, format!("{what} is empty"));
        }
    }

    /// Reports the second and later uses of each id; `what` is e.g. "scale".
    fn check_unique<'a>(&mut self, what: &str, entries: impl Iterator<Item = (&'a str, String)>) {
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (id, path) in entries {
            match seen.get(id) {
                Some(first) => {
                    let message = format!(
                        "the {what} id {} is already used at `{first}`; ids must be unique",
                        quoted(id)
                    );
                    self.report(format!("{path}.id"), message);
                }
                None => {
                    seen.insert(id, path);
                }
            }
        }
    }

    fn check_scales(&mut self, scales: &'t [Scale]) {
        for (index, scale) in scales.iter().enumerate() {
            let path = format!("$.scales[{index}]");
            self.check_id(&format!("{path}.id"), &scale.id, IdKind::Lower);
            self.check_text(&format!("{path}.title"), &scale.title, "the title");
            if scale.levels.len() < 2 {
                self.report(
                    format!("{path}.levels"),
                    "a scale needs at least two levels, lowest first",
                );
            }
            for (level_index, level) in scale.levels.iter().enumerate() {
                let level_path = format!("{path}.levels[{level_index}]");
                self.check_text(&format!("{level_path}.label"), &level.label, "the label");
                if !level.value.is_finite() {
                    self.report(format!("{level_path}.value"), "the value must be a number");
                }
            }
            for (level_index, pair) in scale.levels.windows(2).enumerate() {
                if let [lower, higher] = pair {
                    if higher.value <= lower.value {
                        self.report(
                            format!("{path}.levels[{}].value", level_index + 1),
                            format!(
                                "levels must go up in value, lowest first: {} is not more than \
                                 the level before it ({})",
                                number(higher.value),
                                number(lower.value)
                            ),
                        );
                    }
                }
            }
        }
        self.check_unique(
            "scale",
            scales
                .iter()
                .enumerate()
                .map(|(index, scale)| (scale.id.as_str(), format!("$.scales[{index}]"))),
        );
    }

    fn check_ratings(&mut self, ratings: &'t [Rating]) {
        if ratings.is_empty() {
            self.report("$.ratings", "there are no ratings; list them best first");
        }
        for (index, rating) in ratings.iter().enumerate() {
            let path = format!("$.ratings[{index}]");
            self.check_id(&format!("{path}.id"), &rating.id, IdKind::Lower);
            self.check_text(&format!("{path}.label"), &rating.label, "the label");
            if !is_colour(&rating.colour) {
                self.report(
                    format!("{path}.colour"),
                    format!(
                        "{} is not a colour: write it as `#` and six hex digits, such as \
                         `#007f3b`",
                        quoted(&rating.colour)
                    ),
                );
            }
        }
        self.check_unique(
            "rating",
            ratings
                .iter()
                .enumerate()
                .map(|(index, rating)| (rating.id.as_str(), format!("$.ratings[{index}]"))),
        );
    }

    fn check_rating_ref(&mut self, path: &str, id: &str) {
        if self.template.rating(id).is_none() {
            let known = self
                .template
                .ratings
                .iter()
                .map(|rating| format!("`{}`", rating.id))
                .collect::<Vec<_>>()
                .join(", ");
            self.report(
                path,
                format!(
                    "no rating has the id {}; the ratings are {}",
                    quoted(id),
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known
                    }
                ),
            );
        }
    }

    fn check_banding(&mut self, banding: &Banding) {
        let decimals = banding.rounding.decimals;
        let precise_enough = decimals <= MAX_DECIMALS;
        if !precise_enough {
            self.report(
                "$.banding.rounding.decimals",
                format!("round to at most {MAX_DECIMALS} decimal places, not {decimals}"),
            );
        }
        self.check_text(
            "$.banding.rounding.statement",
            &banding.rounding.statement,
            "the rounding statement (printed with every score)",
        );
        if banding.bands.is_empty() {
            self.report(
                "$.banding.bands",
                "there are no bands; each percentage from 0 to 100 needs a band",
            );
            return;
        }
        let decimals = decimals.min(MAX_DECIMALS);
        let step = 10f64.powi(i32::from(decimals));
        // Band edges in steps of the rounding's precision (whole percent for 0 decimals).
        let mut edges: Vec<(usize, i64, i64)> = Vec::new();
        for (index, band) in banding.bands.iter().enumerate() {
            let path = format!("$.banding.bands[{index}]");
            self.check_rating_ref(&format!("{path}.rating"), &band.rating);
            let min = self.band_edge(&format!("{path}.min"), band.min, step, decimals);
            let max = self.band_edge(&format!("{path}.max"), band.max, step, decimals);
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    self.report(
                        format!("{path}.min"),
                        format!(
                            "the band starts at {} but ends at {}; `min` must not be more \
                             than `max`",
                            number(band.min),
                            number(band.max)
                        ),
                    );
                } else {
                    edges.push((index, min, max));
                }
            }
        }
        // Only judge coverage when every band and the rounding are well formed, so one
        // mistake is reported once rather than echoed as gaps.
        if !precise_enough || edges.len() != banding.bands.len() {
            return;
        }
        edges.sort_by_key(|&(index, min, max)| (min, max, index));
        let shown = |units: i64| number(units as f64 / step);
        let hundred = (100.0 * step).round() as i64;
        let mut covered: Option<(usize, i64)> = None;
        for &(index, min, max) in &edges {
            let path = format!("$.banding.bands[{index}]");
            match covered {
                None if min > 0 => self.report(
                    format!("{path}.min"),
                    format!(
                        "the bands must start at 0, but the lowest starts at {}, so 0 to {} \
                         gets no rating",
                        shown(min),
                        shown(min - 1)
                    ),
                ),
                None => {}
                Some((below, reach)) if min > reach + 1 => {
                    let uncovered = if min - 1 == reach + 1 {
                        shown(reach + 1)
                    } else {
                        format!("{} to {}", shown(reach + 1), shown(min - 1))
                    };
                    self.report(
                        format!("{path}.min"),
                        format!(
                            "gap between bands: {uncovered} gets no rating; this band starts \
                             at {} but `$.banding.bands[{below}]` ends at {}",
                            shown(min),
                            shown(reach)
                        ),
                    );
                }
                Some((below, reach)) if min <= reach => {
                    let top = reach.min(max);
                    let (shared, verb) = if top == min {
                        (shown(min), "falls")
                    } else {
                        (format!("{} to {}", shown(min), shown(top)), "fall")
                    };
                    self.report(
                        format!("{path}.min"),
                        format!(
                            "bands overlap: {shared} {verb} in this band and in \
                             `$.banding.bands[{below}]`; each percentage needs exactly one band"
                        ),
                    );
                }
                Some(_) => {}
            }
            if covered.is_none_or(|(_, reach)| max > reach) {
                covered = Some((index, max));
            }
        }
        if let Some((index, reach)) = covered {
            if reach < hundred {
                self.report(
                    format!("$.banding.bands[{index}].max"),
                    format!(
                        "the bands must reach 100, but the highest ends at {}, so above {} \
                         gets no rating",
                        shown(reach),
                        shown(reach)
                    ),
                );
            }
        }
    }

    /// A band edge in steps of the rounding's precision, or `None` after reporting why not.
    fn band_edge(&mut self, path: &str, value: f64, step: f64, decimals: u8) -> Option<i64> {
        if !(0.0..=100.0).contains(&value) {
            self.report(
                path,
                format!(
                    "{} is not a percentage; band edges are from 0 to 100",
                    number(value)
                ),
            );
            return None;
        }
        let units = value * step;
        if (units - units.round()).abs() > 1e-6 {
            let places = match decimals {
                0 => "whole numbers".to_owned(),
                1 => "1 decimal place".to_owned(),
                _ => format!("{decimals} decimal places"),
            };
            self.report(
                path,
                format!(
                    "{} has more decimal places than the rounding keeps ({places}), so no \
                     rounded percentage lands on it",
                    number(value)
                ),
            );
            return None;
        }
        Some(units.round() as i64)
    }

    fn check_overall(&mut self, overall: &OverallRules) {
        for (index, rule) in overall.rules.iter().enumerate() {
            let path = format!("$.overall.rules[{index}]");
            for (count_index, count) in rule.when.iter().enumerate() {
                let count_path = format!("{path}.when[{count_index}]");
                self.check_rating_ref(&format!("{count_path}.rating"), &count.rating);
                match (count.at_least, count.at_most) {
                    (None, None) => self.report(
                        count_path,
                        "say how many sections: give `atLeast`, `atMost` or both",
                    ),
                    (Some(least), Some(most)) if least > most => self.report(
                        format!("{count_path}.atLeast"),
                        format!(
                            "`atLeast` ({least}) is more than `atMost` ({most}), so this can \
                             never hold"
                        ),
                    ),
                    _ => {}
                }
            }
            self.check_rating_ref(&format!("{path}.then"), &rule.then);
            self.check_text(
                &format!("{path}.description"),
                &rule.description,
                "the description (the rule in plain words)",
            );
            self.check_sources(&format!("{path}.sources"), &rule.sources);
        }
        self.check_rating_ref("$.overall.default", &overall.default);
        self.check_sources("$.overall.sources", &overall.sources);
    }

    /// Collects every item id (for references and uniqueness) and every id a rule shows.
    fn index_items(&mut self) {
        let template = self.template;
        for (section_index, section) in template.sections.iter().enumerate() {
            for (item_index, item) in section.items.iter().enumerate() {
                let path = format!("$.sections[{section_index}].items[{item_index}]");
                self.index_item(item, path.clone());
                for (sub_index, sub) in item.sub_items.iter().enumerate() {
                    self.index_item(sub, format!("{path}.subItems[{sub_index}]"));
                }
            }
        }
    }

    fn index_item(&mut self, item: &'t Item, path: String) {
        for rule in &item.logic {
            if let Consequence::Show(ids) = &rule.then {
                self.shown.extend(ids.iter().map(String::as_str));
            }
        }
        self.items.entry(item.id.as_str()).or_insert((item, path));
    }

    fn check_sections(&mut self, sections: &'t [Section]) {
        if sections.is_empty() {
            self.report(
                "$.sections",
                "there are no sections; a template needs at least one",
            );
        }
        for (index, section) in sections.iter().enumerate() {
            let path = format!("$.sections[{index}]");
            self.check_id(&format!("{path}.id"), &section.id, IdKind::Lower);
            self.check_text(&format!("{path}.title"), &section.title, "the title");
            for (rating, text) in &section.characteristics {
                let mut key_path = format!("{path}.characteristics");
                push_key(&mut key_path, rating);
                self.check_rating_ref(&key_path, rating);
                self.check_text(&key_path, text, "the characteristics");
            }
            self.check_sources(&format!("{path}.sources"), &section.sources);
            if section.items.is_empty() {
                self.report(
                    format!("{path}.items"),
                    "the section has no items; give it at least one",
                );
            }
            for (item_index, item) in section.items.iter().enumerate() {
                self.check_item(item, &format!("{path}.items[{item_index}]"), None);
            }
        }
        self.check_unique(
            "section",
            sections
                .iter()
                .enumerate()
                .map(|(index, section)| (section.id.as_str(), format!("$.sections[{index}]"))),
        );
    }

    /// Checks an item, or a sub-item when `parent` is given.
    fn check_item(&mut self, item: &'t Item, path: &str, parent: Option<&Item>) {
        self.check_id(&format!("{path}.id"), &item.id, IdKind::Item);
        if let Some((_, first)) = self.items.get(item.id.as_str()) {
            if first != path {
                let message = format!(
                    "the item id {} is already used at `{first}`; item and sub-item ids must \
                     be unique across the whole template",
                    quoted(&item.id)
                );
                self.report(format!("{path}.id"), message);
            }
        }
        self.check_text(&format!("{path}.title"), &item.title, "the title");
        for (index, prompt) in item.prompts.iter().enumerate() {
            self.check_text(&format!("{path}.prompts[{index}]"), prompt, "the prompt");
        }
        if !(item.weight.is_finite() && item.weight > 0.0) {
            self.report(
                format!("{path}.weight"),
                format!(
                    "the weight must be a number more than 0, found {}; leave it out for the \
                     usual weight of 1",
                    number(item.weight)
                ),
            );
        }
        self.check_response(&item.response, &format!("{path}.response"));
        self.check_item_regulations(item, path);
        self.check_sources(&format!("{path}.sources"), &item.sources);
        self.check_descriptors(item, path);
        self.check_critical(item, path);
        self.check_logic(item, path);
        if item.follow_up && !self.shown.contains(item.id.as_str()) {
            self.report(
                format!("{path}.followUp"),
                format!(
                    "this follow-up item is never shown: no `show` rule names {}; add one to \
                     the item it follows, or remove `followUp`",
                    quoted(&item.id)
                ),
            );
        }
        if parent.is_some() {
            if !item.sub_items.is_empty() {
                self.report(
                    format!("{path}.subItems"),
                    "a sub-item cannot have sub-items of its own; templates nest only one \
                     level below an item",
                );
            }
            if item.roll_up.is_some() {
                self.report(
                    format!("{path}.rollUp"),
                    "a sub-item has no sub-items to roll up from; remove `rollUp`",
                );
            }
            return;
        }
        if item.roll_up == Some(RollUp::FromSubItems) && item.sub_items.is_empty() {
            self.report(
                format!("{path}.rollUp"),
                "`fromSubItems` needs sub-items to roll up from, and this item has none",
            );
        }
        let rolls_up = item.roll_up.unwrap_or(self.template.roll_up) == RollUp::FromSubItems;
        for (index, sub) in item.sub_items.iter().enumerate() {
            let sub_path = format!("{path}.subItems[{index}]");
            if rolls_up && !is_scored(&sub.response) {
                self.report(
                    format!("{sub_path}.response"),
                    format!(
                        "{} rolls up from its sub-items, so each sub-item needs a scored \
                         response, not {}",
                        quoted(&item.id),
                        response_name(&sub.response)
                    ),
                );
            }
            self.check_item(sub, &sub_path, Some(item));
        }
    }

    /// An item's regulations are numbers the template lists, each once.
    fn check_item_regulations(&mut self, item: &Item, path: &str) {
        let listed = &self.template.regulations;
        let mut seen = HashSet::new();
        for (index, number) in item.regulations.iter().enumerate() {
            let at = format!("{path}.regulations[{index}]");
            if !crate::scoring::is_regulation(number) {
                self.report(at, not_a_regulation(number));
            } else if !listed.iter().any(|regulation| &regulation.number == number) {
                let known: Vec<String> = listed
                    .iter()
                    .map(|regulation| regulation.number.clone())
                    .collect();
                self.report(
                    at,
                    format!(
                        "regulation {number} is not in the template's `regulations` (it lists \
                         {}); add it there with its title",
                        if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.join(", ")
                        }
                    ),
                );
            } else if !seen.insert(number.as_str()) {
                self.report(at, format!("regulation {number} is listed twice"));
            }
        }
    }

    fn check_response(&mut self, response: &ResponseType, path: &str) {
        match response {
            ResponseType::Scale { scale } => {
                if self.template.scale(scale).is_none() {
                    let known = self
                        .template
                        .scales
                        .iter()
                        .map(|scale| format!("`{}`", scale.id))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.report(
                        format!("{path}.scale"),
                        format!(
                            "no scale has the id {}; the scales are {}",
                            quoted(scale),
                            if known.is_empty() {
                                "none".to_owned()
                            } else {
                                known
                            }
                        ),
                    );
                }
            }
            ResponseType::Choice { options } => self.check_options(options, path),
            ResponseType::Number {
                target,
                unit,
                min,
                max,
                ..
            } => {
                if let (Some(min), Some(max)) = (min, max) {
                    if min > max {
                        self.report(
                            format!("{path}.min"),
                            format!(
                                "the smallest allowed number ({}) is more than the largest \
                                 ({})",
                                number(*min),
                                number(*max)
                            ),
                        );
                    }
                }
                let below = min.is_some_and(|min| *target < min);
                let above = max.is_some_and(|max| *target > max);
                if below || above {
                    self.report(
                        format!("{path}.target"),
                        format!(
                            "the target {} is outside the allowed numbers, so it can never be \
                             met",
                            number(*target)
                        ),
                    );
                }
                if let Some(unit) = unit {
                    self.check_text(&format!("{path}.unit"), unit, "the unit");
                }
            }
            ResponseType::Count { of, unit } => {
                if *of == Some(0) {
                    self.report(
                        format!("{path}.of"),
                        "a fixed sample of 0 can never be audited; give the sample size, or \
                         leave `of` out so the inspector enters it",
                    );
                }
                if let Some(unit) = unit {
                    self.check_text(&format!("{path}.unit"), unit, "the unit");
                }
            }
            ResponseType::YesNo
            | ResponseType::Partial
            | ResponseType::Text
            | ResponseType::Date => {}
        }
    }

    fn check_options(&mut self, options: &[ChoiceOption], path: &str) {
        if options.len() < 2 {
            self.report(
                format!("{path}.options"),
                "a choice needs at least two options",
            );
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, option) in options.iter().enumerate() {
            let option_path = format!("{path}.options[{index}]");
            if option.value.eq_ignore_ascii_case("na") {
                self.report(
                    format!("{option_path}.value"),
                    "`na` is kept for \"not applicable\"; use `naAllowed` on the item instead",
                );
            } else {
                self.check_id(
                    &format!("{option_path}.value"),
                    &option.value,
                    IdKind::Lower,
                );
            }
            self.check_text(&format!("{option_path}.label"), &option.label, "the label");
            match seen.get(option.value.as_str()) {
                Some(first) => self.report(
                    format!("{option_path}.value"),
                    format!(
                        "the option value {} is already used at `{path}.options[{first}]`; \
                         option values must be unique within the item",
                        quoted(&option.value)
                    ),
                ),
                None => {
                    seen.insert(&option.value, index);
                }
            }
        }
    }

    fn check_descriptors(&mut self, item: &Item, path: &str) {
        if item.descriptors.is_empty() || self.unknown_scale(&item.response) {
            return;
        }
        let Some(answers) = self.answers(item) else {
            self.report(
                format!("{path}.descriptors"),
                format!(
                    "descriptors describe score levels, and {} has none; remove them",
                    response_name(&item.response)
                ),
            );
            return;
        };
        for (key, text) in &item.descriptors {
            let mut key_path = format!("{path}.descriptors");
            push_key(&mut key_path, key);
            if !answers.accepts(key) {
                self.report(
                    key_path.clone(),
                    format!(
                        "{} is not one of this item's answers; descriptors are keyed by {}",
                        quoted(key),
                        answers.listed()
                    ),
                );
            }
            self.check_text(&key_path, text, "the descriptor");
        }
    }

    fn check_critical(&mut self, item: &Item, path: &str) {
        let Some(critical) = &item.critical else {
            return;
        };
        let critical_path = format!("{path}.critical");
        if !is_scored(&item.response) {
            self.report(
                critical_path,
                format!(
                    "only a scored item can be critical, and {} has no score",
                    response_name(&item.response)
                ),
            );
            return;
        }
        match &critical.cap {
            Some(cap) => self.check_rating_ref(&format!("{critical_path}.cap"), cap),
            None if self.template.caps.is_none() => self.report(
                critical_path.clone(),
                "nothing says what a failure caps the section at: give this item a `cap`, \
                 or the template a `caps.critical`",
            ),
            None => {}
        }
        let lowest = min_score(&item.response, self.template);
        let highest = item.response.max_score(self.template);
        if let (Some(lowest), Some(highest)) = (lowest, highest) {
            let limit = critical.at_or_below;
            if limit < lowest {
                self.report(
                    format!("{critical_path}.atOrBelow"),
                    format!(
                        "the item can never fail: its lowest score is {}, above {}",
                        number(lowest),
                        number(limit)
                    ),
                );
            } else if limit >= highest {
                self.report(
                    format!("{critical_path}.atOrBelow"),
                    format!(
                        "the item always fails: even its best score ({}) is at or below {}",
                        number(highest),
                        number(limit)
                    ),
                );
            }
        }
    }

    fn check_logic(&mut self, item: &Item, path: &str) {
        for (index, rule) in item.logic.iter().enumerate() {
            let rule_path = format!("{path}.logic[{index}]");
            self.check_condition(item, &rule.when, &format!("{rule_path}.when"));
            match &rule.then {
                Consequence::RequireNote | Consequence::RequireEvidence => {}
                Consequence::SuggestAction(title) => self.check_text(
                    &format!("{rule_path}.then.suggestAction"),
                    title,
                    "the action's title",
                ),
                Consequence::Show(ids) => {
                    let show_path = format!("{rule_path}.then.show");
                    if ids.is_empty() {
                        self.report(
                            show_path.clone(),
                            "name at least one follow-up item to show",
                        );
                    }
                    for (id_index, id) in ids.iter().enumerate() {
                        self.check_shown(item, id, &format!("{show_path}[{id_index}]"));
                    }
                }
            }
        }
    }

    fn check_shown(&mut self, item: &Item, id: &str, path: &str) {
        let problem = match self.items.get(id) {
            None => format!("no item has the id {}", quoted(id)),
            Some(_) if id == item.id => "an item cannot show itself".to_owned(),
            Some((shown, _)) if !shown.follow_up => format!(
                "{} is not a follow-up item, so it is always shown; mark it `\"followUp\": \
                 true` to show it only when this rule fires",
                quoted(id)
            ),
            Some(_) => return,
        };
        self.report(path, problem);
    }

    fn check_condition(&mut self, item: &Item, condition: &Condition, path: &str) {
        if condition.at_or_below.is_some() && !is_scored(&item.response) {
            self.report(
                format!("{path}.atOrBelow"),
                format!(
                    "`atOrBelow` compares scores, and {} has none",
                    response_name(&item.response)
                ),
            );
        }
        if condition.answer_is.is_empty() || self.unknown_scale(&item.response) {
            return;
        }
        let Some(answers) = self.answers(item) else {
            self.report(
                format!("{path}.answerIs"),
                format!(
                    "`answerIs` needs answers to compare with, and {} has none fixed in advance",
                    response_name(&item.response)
                ),
            );
            return;
        };
        for (index, answer) in condition.answer_is.iter().enumerate() {
            if !answers.accepts(answer) {
                self.report(
                    format!("{path}.answerIs[{index}]"),
                    format!(
                        "{} is not one of this item's answers, which are {}",
                        quoted(answer),
                        answers.listed()
                    ),
                );
            }
        }
    }

    /// A scale response naming no scale (reported once, at `response.scale`).
    fn unknown_scale(&self, response: &ResponseType) -> bool {
        matches!(response, ResponseType::Scale { scale } if self.template.scale(scale).is_none())
    }

    /// The answers an item can be given, for descriptor keys and `answerIs`.
    fn answers(&self, item: &Item) -> Option<Answers> {
        let mut words: Vec<String> = match &item.response {
            ResponseType::YesNo => vec!["yes".into(), "no".into()],
            ResponseType::Partial => vec!["yes".into(), "partial".into(), "no".into()],
            ResponseType::Choice { options } => {
                options.iter().map(|option| option.value.clone()).collect()
            }
            ResponseType::Scale { scale } => {
                let levels = self.template.scale(scale).map(|scale| {
                    scale
                        .levels
                        .iter()
                        .map(|level| level.value)
                        .collect::<Vec<_>>()
                });
                return Some(Answers {
                    words: if item.na_allowed {
                        vec!["na".into()]
                    } else {
                        Vec::new()
                    },
                    levels: Some(levels.unwrap_or_default()),
                });
            }
            ResponseType::Number { .. }
            | ResponseType::Count { .. }
            | ResponseType::Text
            | ResponseType::Date => return None,
        };
        if item.na_allowed {
            words.push("na".into());
        }
        let mut seen = HashSet::new();
        words.retain(|word| seen.insert(word.clone()));
        Some(Answers {
            words,
            levels: None,
        })
    }
}

/// The fixed answers of an item: words (`yes`, option values, `na`) and scale levels.
struct Answers {
    words: Vec<String>,
    levels: Option<Vec<f64>>,
}

impl Answers {
    fn accepts(&self, given: &str) -> bool {
        let given = given.trim();
        self.words
            .iter()
            .any(|word| word.eq_ignore_ascii_case(given))
            || self.levels.as_ref().is_some_and(|levels| {
                given
                    .parse::<f64>()
                    .is_ok_and(|value| levels.iter().any(|level| (level - value).abs() < 1e-9))
            })
    }

    fn listed(&self) -> String {
        let mut all: Vec<String> = self
            .levels
            .iter()
            .flatten()
            .map(|level| format!("`{}`", number(*level)))
            .collect();
        all.extend(self.words.iter().map(|word| format!("`{word}`")));
        if all.is_empty() {
            "none".to_owned()
        } else {
            all.join(", ")
        }
    }
}

fn is_scored(response: &ResponseType) -> bool {
    !matches!(response, ResponseType::Text | ResponseType::Date)
}

/// The lowest score an answer can earn, or `None` for an unscored response.
fn min_score(response: &ResponseType, template: &Template) -> Option<f64> {
    match response {
        ResponseType::Scale { scale } => template
            .scale(scale)?
            .levels
            .iter()
            .map(|level| level.value)
            .reduce(f64::min),
        ResponseType::Choice { options } => {
            options.iter().map(|option| option.score).reduce(f64::min)
        }
        ResponseType::YesNo
        | ResponseType::Partial
        | ResponseType::Number { .. }
        | ResponseType::Count { .. } => Some(0.0),
        ResponseType::Text | ResponseType::Date => None,
    }
}

fn response_name(response: &ResponseType) -> &'static str {
    match response {
        ResponseType::Scale { .. } => "a scale response",
        ResponseType::YesNo => "a yes/no response",
        ResponseType::Partial => "a yes/partial/no response",
        ResponseType::Choice { .. } => "a choice response",
        ResponseType::Number { .. } => "a number response",
        ResponseType::Count { .. } => "a count response",
        ResponseType::Text => "a text response",
        ResponseType::Date => "a date response",
    }
}

fn id_problem(id: &str, kind: IdKind) -> Option<String> {
    let allowed = |c: char| {
        c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || c == '-'
            || c == '.'
            || (matches!(kind, IdKind::Item) && c.is_ascii_uppercase())
    };
    let rule = match kind {
        IdKind::Lower => "lower-case letters, digits, hyphens and dots",
        IdKind::Item => "letters, digits, hyphens and dots",
    };
    let starts_well = id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    let ends_well = id.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
    if id.is_empty() {
        Some(format!("the id is empty; use {rule}"))
    } else if id.len() > 100 {
        Some("the id is longer than 100 characters".to_owned())
    } else if !id.chars().all(allowed) || !starts_well || !ends_well {
        Some(format!(
            "{} is not a valid id: use {rule}, starting and ending with a letter or digit",
            quoted(id)
        ))
    } else {
        None
    }
}

fn not_a_regulation(number: &str) -> String {
    format!(
        "{} is not a regulation CQC inspects against: use 9 to 20 or 20A (the fundamental \
         standards of the Regulated Activities Regulations 2014)",
        quoted(number)
    )
}

fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty() && !rest.starts_with('/') && !rest.chars().any(char::is_whitespace)
    })
}

fn is_version(version: &str) -> bool {
    version.len() <= 40
        && version
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

fn is_colour(colour: &str) -> bool {
    colour.len() == 7
        && colour.starts_with('#')
        && colour.bytes().skip(1).all(|b| b.is_ascii_hexdigit())
}

/// A number as people write it: `38`, `62.5`.
fn number(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Some text from the file, in backticks and shortened if long.
fn quoted(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    let more = if text.chars().count() > 40 { "…" } else { "" };
    format!("`{short}{more}`")
}
