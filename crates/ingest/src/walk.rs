//! Directory walking: depth first, each directory's entries sorted by name, so the order is
//! the order of sorted relative paths and does not depend on the file system. Only one
//! directory listing per level is held at a time.

use std::fs;
use std::path::Path;

use jiuzhu_core::RejectReason;

use crate::guarded;
use crate::read::{self, Ctx, Flow};

/// Reads every file under `root`; sources are relative to `root` with `/` separators.
pub(crate) fn directory(ctx: &mut Ctx<'_>, root: &Path) -> Flow {
    dir(ctx, root, "")
}

fn dir(ctx: &mut Ctx<'_>, path: &Path, rel: &str) -> Flow {
    let listing = match fs::read_dir(path) {
        Ok(l) => l,
        Err(e) => {
            let source = if rel.is_empty() {
                path.to_string_lossy().into_owned()
            } else {
                rel.to_string()
            };
            return ctx.reject(
                source,
                RejectReason::Unreadable,
                format!("cannot list directory {}: {e}", path.display()),
            );
        }
    };
    let mut entries: Vec<(String, std::path::PathBuf)> = Vec::new();
    for entry in listing {
        match entry {
            Ok(e) => {
                let name = file_name_text(&e.file_name());
                // Hidden entries (.git, .DS_Store) are tool state, not documents.
                if !name.starts_with('.') {
                    entries.push((name, e.path()));
                }
            }
            Err(e) => {
                let source = if rel.is_empty() { "." } else { rel };
                ctx.reject(
                    source.to_string(),
                    RejectReason::Unreadable,
                    format!("cannot list an entry of {}: {e}", path.display()),
                )?;
            }
        }
    }
    entries.sort();
    for (name, full) in entries {
        let child = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let meta = match fs::symlink_metadata(&full) {
            Ok(m) => m,
            Err(e) => {
                ctx.reject(child, RejectReason::Unreadable, format!("cannot stat: {e}"))?;
                continue;
            }
        };
        if meta.is_dir() {
            dir(ctx, &full, &child)?;
        } else if meta.file_type().is_symlink() {
            // Symlinked files are read; symlinked directories are not followed (loops). A
            // link to nothing was meant to be a document: it is reported, not skipped.
            match fs::metadata(&full) {
                Ok(m) if m.is_file() => {
                    guarded(ctx, &child, |ctx| read::file(ctx, &full, child.clone()))?;
                }
                Ok(_) => {}
                Err(e) => {
                    let target = fs::read_link(&full)
                        .map_or_else(|_| "?".to_string(), |t| t.display().to_string());
                    ctx.reject(
                        child,
                        RejectReason::Unreadable,
                        format!("symbolic link to {target}, which cannot be read: {e}"),
                    )?;
                }
            }
        } else if meta.is_file() {
            guarded(ctx, &child, |ctx| read::file(ctx, &full, child.clone()))?;
        }
    }
    Ok(())
}

/// A file name as text for a source: UTF-8 as it is; else GB18030 when it decodes cleanly
/// (names written by Chinese Windows tools, as in archives); else with every byte that is
/// not UTF-8 written as `\xHH`, so two names never share a source (a lossy conversion
/// would turn both `a\xFF` and `a\xFE` into `a�`).
fn file_name_text(name: &std::ffi::OsStr) -> String {
    if let Some(s) = name.to_str() {
        return s.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = name.as_bytes();
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        if !had_errors {
            return text.into_owned();
        }
        let mut out = String::new();
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    name.to_string_lossy().into_owned()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn file_names_stay_distinct() {
        let rows: &[(&[u8], &str)] = &[
            (b"plain.txt", "plain.txt"),
            ("判决书.txt".as_bytes(), "判决书.txt"),
            (b"\xC5\xD0\xBE\xF6\xCA\xE9.txt", "判决书.txt"),
            (b"bad\xFFname.txt", "bad\\xFFname.txt"),
            (b"bad\xFF\xFFname.txt", "bad\\xFF\\xFFname.txt"),
        ];
        for &(raw, want) in rows {
            assert_eq!(file_name_text(std::ffi::OsStr::from_bytes(raw)), want);
        }
    }
}
