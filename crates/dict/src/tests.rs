#[test]
fn loads() {
    let d = super::Dictionaries::from_texts([]);
    if let Err(e) = &d {
        panic!("{e}");
    }
}
