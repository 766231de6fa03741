//! TEMPORARY: stand-ins for template lookups the template module is adding. Remove when
//! `Template::find_item`, `Template::rating`, `Template::scale` and
//! `ResponseType::max_score` exist (inherent methods win over these anyway).
#![allow(dead_code)]

use crate::template::{Item, Rating, ResponseType, Scale, Template};

pub(crate) trait TemplateLookup {
    fn find_item(&self, id: &str) -> Option<&Item>;
    fn rating(&self, id: &str) -> Option<&Rating>;
    fn scale(&self, id: &str) -> Option<&Scale>;
}

fn find<'a>(items: &'a [Item], id: &str) -> Option<&'a Item> {
    items.iter().find_map(|item| {
        if item.id == id {
            Some(item)
        } else {
            find(&item.sub_items, id)
        }
    })
}

impl TemplateLookup for Template {
    fn find_item(&self, id: &str) -> Option<&Item> {
        self.sections.iter().find_map(|section| find(&section.items, id))
    }
    fn rating(&self, id: &str) -> Option<&Rating> {
        self.ratings.iter().find(|rating| rating.id == id)
    }
    fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|scale| scale.id == id)
    }
}

pub(crate) trait MaxScore {
    fn max_score(&self, template: &Template) -> Option<f64>;
}

impl MaxScore for ResponseType {
    fn max_score(&self, template: &Template) -> Option<f64> {
        match self {
            ResponseType::Scale { scale } => template
                .scale(scale)?
                .levels
                .iter()
                .map(|level| level.value)
                .reduce(f64::max),
            ResponseType::YesNo | ResponseType::Partial | ResponseType::Number { .. } => Some(1.0),
            ResponseType::Choice { options } => {
                options.iter().map(|option| option.score).reduce(f64::max)
            }
            ResponseType::Text | ResponseType::Date => None,
        }
    }
}
