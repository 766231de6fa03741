//! Evidence photos as PDF image objects.
//!
//! A JPEG is embedded as it is (the PDF reader decodes it), so the report is no bigger than
//! the photo and the photo is not re-compressed. A PNG is decoded and its pixels written
//! losslessly, with any transparency laid over white. Anything else, or anything that does
//! not read as what it claims to be, is refused with a reason the report prints instead.

use std::collections::BTreeMap;
use std::io::Cursor;

use printpdf::{DictItem, ExternalStream, ExternalXObject};

/// A decoded photo, ready to place.
pub(crate) struct Picture {
    pub xobject: ExternalXObject,
    pub width: u32,
    pub height: u32,
}

/// Largest photo accepted, in pixels (about 50 megapixels).
const MAX_PIXELS: u64 = 50_000_000;

/// Reads JPEG or PNG bytes into an image object.
pub(crate) fn picture(bytes: &[u8]) -> Result<Picture, String> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else {
        Err("not a JPEG or PNG image".into())
    }
}

fn image_dict(width: u32, height: u32, colour_space: &str) -> BTreeMap<String, DictItem> {
    let mut dict = BTreeMap::new();
    dict.insert("Type".into(), DictItem::Name(b"XObject".to_vec()));
    dict.insert("Subtype".into(), DictItem::Name(b"Image".to_vec()));
    dict.insert("Width".into(), DictItem::Int(i64::from(width)));
    dict.insert("Height".into(), DictItem::Int(i64::from(height)));
    dict.insert(
        "ColorSpace".into(),
        DictItem::Name(colour_space.as_bytes().to_vec()),
    );
    dict.insert("BitsPerComponent".into(), DictItem::Int(8));
    dict
}

fn check_size(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err("the image has no pixels".into());
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "the image is too large ({width} × {height} pixels)"
        ));
    }
    Ok(())
}

/// Finds the frame header (SOFn) for the size and number of colour components.
fn jpeg(bytes: &[u8]) -> Result<Picture, String> {
    let mut i = 2;
    loop {
        // Skip fill bytes before a marker.
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) else {
            return Err("the JPEG has no frame header".into());
        };
        let len = match (bytes.get(i + 2), bytes.get(i + 3)) {
            (Some(&hi), Some(&lo)) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err("the JPEG is cut short".into()),
        };
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let field = |o: usize| bytes.get(i + o).copied();
            let (Some(h1), Some(h0), Some(w1), Some(w0), Some(components)) =
                (field(5), field(6), field(7), field(8), field(9))
            else {
                return Err("the JPEG frame header is cut short".into());
            };
            let height = u32::from(u16::from_be_bytes([h1, h0]));
            let width = u32::from(u16::from_be_bytes([w1, w0]));
            check_size(width, height)?;
            let mut dict = match components {
                1 => image_dict(width, height, "DeviceGray"),
                3 => image_dict(width, height, "DeviceRGB"),
                4 => {
                    // Adobe writes CMYK JPEGs inverted.
                    let mut d = image_dict(width, height, "DeviceCMYK");
                    let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
                    d.insert("Decode".into(), DictItem::Array(decode));
                    d
                }
                n => return Err(format!("the JPEG has {n} colour components")),
            };
            dict.insert("Filter".into(), DictItem::Name(b"DCTDecode".to_vec()));
            return Ok(Picture {
                xobject: ExternalXObject {
                    stream: ExternalStream {
                        dict,
                        content: bytes.to_vec(),
                        compress: false,
                    },
                    width: None,
                    height: None,
                    dpi: None,
                },
                width,
                height,
            });
        }
        if marker == 0xD9 || marker == 0xDA {
            return Err("the JPEG has no frame header".into());
        }
        i += 2 + len;
    }
}

fn png(bytes: &[u8]) -> Result<Picture, String> {
    let mut decoder = ::png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(::png::Transformations::EXPAND | ::png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("the PNG could not be read: {e}"))?;
    let (width, height) = {
        let info = reader.info();
        (info.width, info.height)
    };
    check_size(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "the PNG is too large".to_string())?;
    let mut buf = vec![0; size];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("the PNG could not be decoded: {e}"))?;
    let data = buf.get(..frame.buffer_size()).unwrap_or(&buf);
    let over_white = |c: u8, a: u8| {
        let (c, a) = (u32::from(c), u32::from(a));
        ((c * a + 255 * (255 - a) + 127) / 255) as u8
    };
    let (pixels, space) = match frame.color_type {
        ::png::ColorType::Grayscale => (data.to_vec(), "DeviceGray"),
        ::png::ColorType::GrayscaleAlpha => (
            data.chunks_exact(2)
                .map(|p| over_white(p[0], p[1]))
                .collect(),
            "DeviceGray",
        ),
        ::png::ColorType::Rgb => (data.to_vec(), "DeviceRGB"),
        ::png::ColorType::Rgba => (
            data.chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]].map(|c| over_white(c, p[3])))
                .collect(),
            "DeviceRGB",
        ),
        ::png::ColorType::Indexed => return Err("the PNG palette could not be expanded".into()),
    };
    if frame.bit_depth != ::png::BitDepth::Eight {
        return Err("the PNG has an unsupported bit depth".into());
    }
    Ok(Picture {
        xobject: ExternalXObject {
            stream: ExternalStream {
                dict: image_dict(width, height, space),
                content: pixels,
                compress: true,
            },
            width: None,
            height: None,
            dpi: None,
        },
        width,
        height,
    })
}
