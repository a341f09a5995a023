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
                let name = e.file_name().to_string_lossy().into_owned();
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
