use crate::util;

#[test]
fn usage_errors_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = util::run(dir.path(), &["no-such-command"]);
    assert_eq!(out.status.code(), Some(1), "{}", util::stderr(&out));
}

#[test]
fn help_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = util::run(dir.path(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(util::stdout(&out).contains("jiuzhu"));
}
