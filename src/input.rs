//! Bytes → text, with the checks a CI tool owes its users: a size limit,
//! binary content refused, invalid UTF-8 decoded lossily (and said so).

use std::fs;
use std::io::Read;
use std::path::Path;

use thiserror::Error;

/// Largest audit read (64 MiB). The largest real audit seen is ~300 KB;
/// anything far past that is not an audit, and would only cost memory.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum InputError {
    #[error("{source_name}: cannot read: {error}")]
    Unreadable {
        source_name: String,
        error: std::io::Error,
    },
    #[error("{source_name}: {size} bytes is over the {MAX_BYTES}-byte limit for an audit")]
    TooLarge { source_name: String, size: u64 },
    #[error("{source_name}: binary content (NUL byte at offset {offset}), not an audit document")]
    Binary { source_name: String, offset: usize },
}

/// Decoded text and whether bytes had to be replaced.
#[derive(Debug)]
pub struct Text {
    pub text: String,
    pub lossy: bool,
}

/// Decodes an audit's bytes: UTF-8 (BOM stripped), UTF-16 with a BOM,
/// else lossy UTF-8. NUL bytes mean binary content.
pub fn decode(bytes: &[u8], source_name: &str) -> Result<Text, InputError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(InputError::TooLarge {
            source_name: source_name.to_string(),
            size: bytes.len() as u64,
        });
    }
    if let Some(units) = utf16(bytes) {
        let text: String = char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        let lossy = text.contains(char::REPLACEMENT_CHARACTER);
        return check_nul(text, lossy, source_name);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = memchr_nul(bytes) {
        return Err(InputError::Binary {
            source_name: source_name.to_string(),
            offset,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Text {
            text: s.to_string(),
            lossy: false,
        }),
        Err(_) => Ok(Text {
            text: String::from_utf8_lossy(bytes).into_owned(),
            lossy: true,
        }),
    }
}

fn check_nul(text: String, lossy: bool, source_name: &str) -> Result<Text, InputError> {
    match text.find('\0') {
        Some(offset) => Err(InputError::Binary {
            source_name: source_name.to_string(),
            offset,
        }),
        None => Ok(Text { text, lossy }),
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

fn utf16(bytes: &[u8]) -> Option<Vec<u16>> {
    let (le, rest) = if let Some(r) = bytes.strip_prefix(b"\xFF\xFE") {
        (true, r)
    } else if let Some(r) = bytes.strip_prefix(b"\xFE\xFF") {
        (false, r)
    } else {
        return None;
    };
    Some(
        rest.chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect(),
    )
}

/// Whether two versions of a file hold the same text: a checkout with
/// CRLF line endings (`core.autocrlf`, `eol=crlf`) is the committed file.
pub fn same_text(a: &[u8], b: &[u8]) -> bool {
    fn lf(bytes: &[u8]) -> impl Iterator<Item = u8> + '_ {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        bytes
            .iter()
            .enumerate()
            .filter(|&(i, &c)| !(c == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
            .map(|(_, &c)| c)
    }
    a == b || lf(a).eq(lf(b))
}

/// Reads a file, refusing anything over `MAX_BYTES` before reading it.
pub fn read_file(path: &Path) -> Result<Text, InputError> {
    let name = path.display().to_string();
    let unreadable = |error| InputError::Unreadable {
        source_name: name.clone(),
        error,
    };
    let file = fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.is_dir() {
        return Err(InputError::Unreadable {
            source_name: name.clone(),
            error: std::io::Error::new(std::io::ErrorKind::InvalidInput, "is a directory"),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(InputError::TooLarge {
            source_name: name,
            size: meta.len(),
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    decode(&bytes, &name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_ignores_crlf_and_a_bom() {
        assert!(same_text(b"a\r\nb\r\n", b"a\nb\n"));
        assert!(same_text(b"\xef\xbb\xbfa\nb", b"a\r\nb"));
        assert!(!same_text(b"a\nb\n", b"a\nc\n"));
        assert!(!same_text(b"a\rb", b"a\nb"));
        assert!(!same_text(b"a\n", b"a\n\n"));
    }

    #[test]
    fn utf8_bom_is_stripped() {
        assert_eq!(decode(b"\xEF\xBB\xBF# A", "x").unwrap().text, "# A");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut b = vec![0xFF, 0xFE];
        for u in "# A".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        let t = decode(&b, "x").unwrap();
        assert_eq!(t.text, "# A");
        assert!(!t.lossy);
    }

    #[test]
    fn invalid_utf8_is_lossy_nul_is_binary() {
        let t = decode(b"# A \xF0\x9F bad emoji", "x").unwrap();
        assert!(t.lossy);
        assert!(t.text.contains('\u{FFFD}'));
        let e = decode(b"# A\0", "doc.md").unwrap_err();
        assert_eq!(
            e.to_string(),
            "doc.md: binary content (NUL byte at offset 3), not an audit document"
        );
    }
}
