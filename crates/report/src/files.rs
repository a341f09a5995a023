//! Output files readable by their owner only: clues name victims, ID numbers and welfare status.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates (or truncates) `path` for writing, readable and writable by its owner only (0600)
/// on Unix. A file left by an earlier run with wider permissions is narrowed too, since
/// `mode` only applies when a file is created.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("clues.csv");
/// std::fs::write(&path, "old").unwrap();
/// let _file = jiuzhu_report::create_private(&path).unwrap();
/// #[cfg(unix)]
/// {
///     use std::os::unix::fs::PermissionsExt;
///     assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
/// }
/// assert_eq!(std::fs::read(&path).unwrap(), b"");
/// ```
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        options.open(path)
    }
}
