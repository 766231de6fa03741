//! The same report content as one self-contained HTML page (inline CSS, photos as data
//! URIs, every text escaped). It is not the product's report: it exists so the benchmark
//! can time a browser printing the same content to PDF.

use std::fmt::Write;

use crate::compose::{number, percent};
use crate::model::{Report, Status};

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn colour(hex: Option<&str>) -> String {
    match hex.and_then(crate::layout::Rgb::parse) {
        Some(c) => format!(
            "rgb({},{},{})",
            (c.0 * 255.0) as u8,
            (c.1 * 255.0) as u8,
            (c.2 * 255.0) as u8
        ),
        None => "#6b7078".into(),
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The report as a self-contained HTML page.
pub fn render_html(report: &Report) -> String {
    let f = &report.inspection;
    let mut h = String::with_capacity(64 * 1024);
    let draft = matches!(f.status, Status::Draft);
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Inspection report: {}</title><style>\
@page{{size:A4;margin:18mm 17mm}}body{{font-family:'Liberation Sans',Arial,sans-serif;font-size:9.5pt;color:#1a1a1f}}\
h1{{color:#005eb8;font-size:16pt}}h2{{font-size:12.5pt}}table{{width:100%;border-collapse:collapse}}\
thead{{display:table-header-group}}th{{background:#eef0f2;text-align:left}}td,th{{padding:4px;border-bottom:0.5pt solid #c7ccd1;vertical-align:top}}\
.chip{{color:#fff;font-weight:bold;padding:2px 6px}}.small{{color:#6b7078;font-size:8pt}}\
.draft{{position:fixed;top:40%;left:20%;font-size:120pt;color:#f5cccc;transform:rotate(-50deg);z-index:-1}}\
.chart{{display:flex;align-items:flex-end;height:170px;border-left:1px solid #888;border-bottom:1px solid #888;position:relative}}\
.bar{{flex:1;margin:0 12px;text-align:center}}</style></head><body>",
        escape_html(&f.service)
    );
    if draft {
        h.push_str("<div class=\"draft\">DRAFT</div>");
    }
    let _ = write!(
        h,
        "<h1>Inspection report</h1><h2>{}</h2><p>{}, {}</p>",
        escape_html(&f.service),
        escape_html(&f.site),
        escape_html(&f.trust)
    );
    let _ = write!(
        h,
        "<p><b>Overall rating</b> <span class=\"chip\" style=\"background:{}\">{}</span></p><p>{}</p><table>",
        colour(report.overall.colour.as_deref()),
        escape_html(report.overall.rating_label.as_deref().unwrap_or("Not rated")),
        escape_html(&report.overall.explanation)
    );
    let status = match &f.status {
        Status::Draft => "Draft: not signed off".to_string(),
        Status::SignedOff {
            inspector,
            reviewer,
            signed_at,
        } => format!(
            "Signed off by {inspector} (inspector) and {reviewer} (reviewer) on {signed_at}"
        ),
    };
    for (k, v) in [
        ("Kind of inspection", f.kind.clone()),
        ("Dates", f.dates.clone()),
        ("Inspection team", f.team.join(", ")),
        (
            "Template",
            format!("{}, version {}", f.template_title, f.template_version),
        ),
        ("Status", status),
        (
            "Record fingerprint",
            f.fingerprint.clone().unwrap_or_default(),
        ),
    ] {
        let _ = write!(
            h,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape_html(k),
            escape_html(&v)
        );
    }
    h.push_str("</table><h1 style=\"break-before:page\">Summary</h1><table><thead><tr><th>Key question</th><th>Points</th><th>Percentage</th><th>Rating</th></tr></thead><tbody>");
    for s in &report.sections {
        let _ = write!(
            h,
            "<tr><td><b>{}</b></td><td>{} of {}</td><td>{}</td><td><span class=\"chip\" style=\"background:{}\">{}</span></td></tr>",
            escape_html(&s.title),
            number(s.earned),
            number(s.possible),
            s.percent.map_or("–".into(), percent),
            colour(s.colour.as_deref()),
            escape_html(s.rating_label.as_deref().unwrap_or("Not rated"))
        );
    }
    h.push_str("</tbody></table><h2>Caps and overrides</h2>");
    for s in &report.sections {
        if let Some(c) = &s.capped_by {
            let _ = write!(
                h,
                "<p>{}: rating capped. {}</p>",
                escape_html(&s.title),
                escape_html(c)
            );
        }
        if let Some(o) = &s.override_ {
            let _ = write!(
                h,
                "<p>{}: rating overridden to {}. Justification: {}</p>",
                escape_html(&s.title),
                escape_html(&o.rating_label),
                escape_html(&o.justification)
            );
        }
    }
    h.push_str("<h2>Key-question percentages</h2><div class=\"chart\">");
    for s in &report.sections {
        let p = s.percent.unwrap_or(0.0).clamp(0.0, 100.0);
        let _ = write!(
            h,
            "<div class=\"bar\"><div class=\"small\">{}</div><div style=\"height:{}px;background:{}\"></div><div class=\"small\">{}</div></div>",
            s.percent.map_or("n/a".into(), percent),
            (p * 1.5) as u32,
            colour(s.colour.as_deref()),
            escape_html(&s.title)
        );
    }
    h.push_str("</div><h1 style=\"break-before:page\">Findings</h1>");
    for s in &report.sections {
        let _ = write!(
            h,
            "<h2>{}</h2><p><span class=\"chip\" style=\"background:{}\">{}</span> {}</p><p class=\"small\">{}</p>",
            escape_html(&s.title),
            colour(s.colour.as_deref()),
            escape_html(s.rating_label.as_deref().unwrap_or("Not rated")),
            s.percent.map_or("–".into(), percent),
            escape_html(&s.explanation)
        );
        for item in &s.items {
            let _ = write!(
                h,
                "<h3>{} {}</h3><p>Answer: {}</p>",
                escape_html(&item.id),
                escape_html(&item.title),
                escape_html(&item.answer)
            );
            if let Some(d) = &item.descriptor {
                let _ = write!(h, "<p class=\"small\">{}</p>", escape_html(d));
            }
            if let Some(n) = &item.note {
                let _ = write!(h, "<p><b>Note</b><br>{}</p>", escape_html(n));
            }
            for e in &item.evidence {
                if let Some(img) = &e.image {
                    let _ = write!(
                        h,
                        "<p><img style=\"max-width:260pt;max-height:190pt\" alt=\"{}\" src=\"data:{};base64,{}\"></p>",
                        escape_html(&e.file_name),
                        escape_html(&e.media_type),
                        base64(&img.bytes)
                    );
                }
                let _ = write!(
                    h,
                    "<p>• {} ({}, {} bytes)<br><span class=\"small\">SHA-256 {}</span></p>",
                    escape_html(&e.file_name),
                    escape_html(&e.media_type),
                    e.size,
                    escape_html(&e.sha256)
                );
            }
        }
    }
    h.push_str("<h1>Actions</h1><table><thead><tr><th>Action</th><th>Priority</th><th>Regulation breached</th><th>Owner</th><th>Due</th><th>Status</th><th>From item</th></tr></thead><tbody>");
    for a in &report.actions {
        let priority = match a.priority.as_str() {
            "must-do" => "Must do",
            "should-do" => "Should do",
            _ => "",
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&a.title),
            priority,
            escape_html(&a.regulations.join("; ")),
            escape_html(&a.owner),
            escape_html(&a.due),
            escape_html(&a.status),
            escape_html(&a.item_id)
        );
    }
    h.push_str("</tbody></table><h1>Appendix: every response</h1><table><thead><tr><th>Item</th><th>Question</th><th>Answer</th></tr></thead><tbody>");
    for r in &report.responses {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&r.item_id),
            escape_html(&r.title),
            escape_html(&r.answer)
        );
    }
    h.push_str("</tbody></table></body></html>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_encodes() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
