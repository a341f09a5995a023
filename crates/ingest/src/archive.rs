//! Archives, streamed and never unpacked to disk: `.zip` (on disk through its central
//! directory, members sorted by name; nested or on standard input through its local headers,
//! in stored order), `.tar` and `.tar.gz`/`.tgz` (stored order), `.gz` (one member, named
//! after the archive without `.gz`). Members are named `archive!member`; archives nest up to
//! the configured depth (`a.zip!b.tar.gz!c.txt`).
//!
//! Every member is bounded: a declared or actual decompressed size over the member limit is
//! `too_large`; more than the ratio limit of output per compressed byte (past 1 MiB) is a
//! bomb, `malformed_archive`. A member whose path is absolute or climbs out with `..` is
//! rejected by itself; an archive that cannot be read at all is one reject naming it.

use std::io::{Read, Seek};

use flate2::read::MultiGzDecoder;
use jiuzhu_core::RejectReason;

use crate::guard::{self, Bounded, Compressed, RATIO_FLOOR, Tally};
use crate::read::{Ctx, Flow, Kind, stream};

/// A member name as text: UTF-8, else GB18030 (Chinese Windows zip tools write GBK names
/// without the UTF-8 flag); backslashes become slashes, a leading `./` goes.
fn member_name(raw: &[u8]) -> String {
    let name = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    };
    let name = name.replace('\\', "/");
    name.strip_prefix("./").unwrap_or(&name).to_string()
}

/// Absolute paths, drive letters and `..` components.
fn unsafe_path(name: &str) -> bool {
    let b = name.as_bytes();
    name.starts_with('/')
        || (b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic())
        || name.split('/').any(|c| c == "..")
}

fn reject_unsafe(ctx: &mut Ctx<'_>, source: String) -> Flow {
    ctx.reject(
        source,
        RejectReason::MalformedArchive,
        "unsafe member path (absolute, or climbing out with ..): not read",
    )
}

/// Where an archive broke, for the reject detail.
fn after(last: Option<&str>) -> String {
    last.map_or_else(String::new, |l| format!(" after member '{l}'"))
}

/// An archive inside `depth` others: opening it would put its members `depth + 1` archives
/// deep, which must not exceed the nesting limit.
fn too_deep(ctx: &mut Ctx<'_>, source: &str, depth: u32) -> Option<Flow> {
    let max = ctx.cfg.max_archive_nesting;
    (depth >= max).then(|| {
        ctx.reject(
            source.to_string(),
            RejectReason::MalformedArchive,
            format!(
                "archive inside {depth} other archive(s): its members would be {} archives \
                 deep, over the limit of {max}; unpack the outer archive first",
                depth + 1
            ),
        )
    })
}

/// Reads an archive from a stream.
pub(crate) fn archive(
    ctx: &mut Ctx<'_>,
    source: &str,
    name: &str,
    kind: Kind,
    reader: &mut dyn Read,
    depth: u32,
) -> Flow {
    if let Some(flow) = too_deep(ctx, source, depth) {
        return flow;
    }
    match kind {
        Kind::Zip => zip_stream(ctx, source, reader, depth),
        Kind::Tar => tar(ctx, source, reader, depth),
        Kind::TarGz => {
            let (tally, seen) = Tally::new(reader);
            let mut gz = Bounded::new(
                MultiGzDecoder::new(tally),
                u64::MAX,
                ctx.cfg.max_compression_ratio,
                Compressed::Counted(seen),
                source,
            );
            tar(ctx, source, &mut gz, depth)
        }
        _ => {
            let base = name.rsplit('/').next().unwrap_or(name);
            let inner = base
                .strip_suffix(".gz")
                .or_else(|| base.strip_suffix(".GZ"))
                .unwrap_or(base);
            let inner = if inner.is_empty() { "-" } else { inner };
            let member = format!("{source}!{inner}");
            let (tally, seen) = Tally::new(reader);
            let mut gz = Bounded::new(
                MultiGzDecoder::new(tally),
                ctx.cfg.max_member_bytes,
                ctx.cfg.max_compression_ratio,
                Compressed::Counted(seen),
                &member,
            );
            stream(ctx, &member, inner, &mut gz, depth + 1)
        }
    }
}

/// One member: declared sizes checked before reading, actual sizes while reading.
fn member(
    ctx: &mut Ctx<'_>,
    source: &str,
    name: &str,
    reader: &mut dyn Read,
    (size, compressed): (u64, Option<u64>),
    depth: u32,
) -> Flow {
    let cfg = ctx.cfg;
    if size > cfg.max_member_bytes {
        return ctx.reject(
            source.to_string(),
            RejectReason::TooLarge,
            format!(
                "member declares {size} bytes, over the member size limit of {} \
                 (raise it with --max-member-mb)",
                cfg.max_member_bytes
            ),
        );
    }
    if let Some(c) = compressed {
        if size > RATIO_FLOOR && size > c.max(1).saturating_mul(cfg.max_compression_ratio) {
            return ctx.reject(
                source.to_string(),
                RejectReason::MalformedArchive,
                format!(
                    "member declares {size} bytes from {c} compressed, more than {}:1: \
                     a decompression bomb? (raise the limit with --max-ratio)",
                    cfg.max_compression_ratio
                ),
            );
        }
    }
    let ratio = if compressed.is_some() {
        cfg.max_compression_ratio
    } else {
        u64::MAX
    };
    let mut bounded = Bounded::new(
        reader,
        cfg.max_member_bytes,
        ratio,
        Compressed::Fixed(compressed.unwrap_or(u64::MAX)),
        source,
    );
    stream(ctx, source, name, &mut bounded, depth + 1)
}

fn zip_error_reason(e: &zip::result::ZipError) -> RejectReason {
    match e {
        zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
            RejectReason::Unreadable
        }
        _ => RejectReason::MalformedArchive,
    }
}

/// A zip on disk: central directory, members sorted by name.
pub(crate) fn zip_seekable<R: Read + Seek>(
    ctx: &mut Ctx<'_>,
    source: &str,
    reader: R,
    depth: u32,
) -> Flow {
    if let Some(flow) = too_deep(ctx, source, depth) {
        return flow;
    }
    let mut za = match zip::ZipArchive::new(reader) {
        Ok(z) => z,
        Err(e) => {
            return ctx.reject(
                source.to_string(),
                RejectReason::MalformedArchive,
                format!("not a readable zip archive: {e}"),
            );
        }
    };
    let mut order: Vec<(String, usize)> = za
        .file_names_raw()
        .enumerate()
        .map(|(i, raw)| (member_name(raw), i))
        .collect();
    order.sort();
    for (name, i) in order {
        if name.ends_with('/') {
            continue;
        }
        let msrc = format!("{source}!{name}");
        if unsafe_path(&name) {
            reject_unsafe(ctx, msrc)?;
            continue;
        }
        let mut f = match za.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                ctx.reject(
                    msrc,
                    zip_error_reason(&e),
                    format!("cannot read member: {e}"),
                )?;
                continue;
            }
        };
        if !f.is_file() {
            continue;
        }
        let sizes = (f.size(), Some(f.compressed_size()));
        member(ctx, &msrc, &name, &mut f, sizes, depth)?;
    }
    Ok(())
}

/// A zip in a stream (nested, or standard input): local headers, stored order.
fn zip_stream(ctx: &mut Ctx<'_>, source: &str, mut reader: &mut dyn Read, depth: u32) -> Flow {
    let mut last: Option<String> = None;
    loop {
        let mut f = match zip::read::read_zipfile_from_stream(&mut reader) {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let after = after(last.as_deref());
                return ctx.reject(
                    source.to_string(),
                    RejectReason::MalformedArchive,
                    format!("zip stream unreadable{after}: {e}"),
                );
            }
        };
        let name = member_name(f.name_raw());
        last = Some(name.clone());
        if name.ends_with('/') || !f.is_file() {
            continue;
        }
        let msrc = format!("{source}!{name}");
        if unsafe_path(&name) {
            reject_unsafe(ctx, msrc)?;
            continue;
        }
        // Sizes are unknown when the member uses a data descriptor (both read as 0).
        let compressed = (f.compressed_size() > 0).then(|| f.compressed_size());
        let sizes = (f.size(), compressed);
        member(ctx, &msrc, &name, &mut f, sizes, depth)?;
    }
    if last.is_none() {
        return ctx.reject(
            source.to_string(),
            RejectReason::MalformedArchive,
            "zip archive without members",
        );
    }
    Ok(())
}

/// A tar stream: regular files in stored order.
fn tar(ctx: &mut Ctx<'_>, source: &str, reader: &mut dyn Read, depth: u32) -> Flow {
    let mut ar = tar::Archive::new(reader);
    let entries = match ar.entries() {
        Ok(e) => e,
        Err(e) => {
            let (reason, detail) = guard::classify(&e, RejectReason::MalformedArchive);
            return ctx.reject(
                source.to_string(),
                reason,
                format!("not a readable tar: {detail}"),
            );
        }
    };
    let mut last: Option<String> = None;
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let (reason, detail) = guard::classify(&e, RejectReason::MalformedArchive);
                let after = after(last.as_deref());
                return ctx.reject(
                    source.to_string(),
                    reason,
                    format!("tar unreadable{after}: {detail}"),
                );
            }
        };
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind.is_contiguous()) {
            continue;
        }
        let name = member_name(&entry.path_bytes());
        last = Some(name.clone());
        let msrc = format!("{source}!{name}");
        if unsafe_path(&name) {
            reject_unsafe(ctx, msrc)?;
            continue;
        }
        let size = entry.size();
        member(ctx, &msrc, &name, &mut entry, (size, None), depth)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_paths() {
        let rows: &[(&[u8], &str, bool)] = &[
            (b"a/b.txt", "a/b.txt", false),
            (b"./a.txt", "a.txt", false),
            (b"dir\\win.txt", "dir/win.txt", false),
            (b"../evil.txt", "../evil.txt", true),
            (b"a/../../evil.txt", "a/../../evil.txt", true),
            (b"/etc/passwd", "/etc/passwd", true),
            (b"C:\\x.txt", "C:/x.txt", true),
            (b"\xC5\xD0\xBE\xF6\xCA\xE9.txt", "判决书.txt", false),
            (b"a..b.txt", "a..b.txt", false),
        ];
        for &(raw, name, bad) in rows {
            let n = member_name(raw);
            assert_eq!(n, name);
            assert_eq!(unsafe_path(&n), bad, "{name}");
        }
    }
}
