#![no_main]

use libfuzzer_sys::fuzz_target;

use auditgate::parse::{parse, Reader, Vocabulary};

// A reader that remembers earlier passes reads each pass as `parse` does.
// The passes are the input and two edits of it that share most of its
// lines in other places and contexts: some lines dropped, lines reversed.
fuzz_target!(|data: &[u8]| {
    let Ok(text) = auditgate::input::decode(data, "fuzz") else {
        return;
    };
    let a = text.text;
    let lines: Vec<&str> = a.lines().collect();
    let k = a.len() % 3;
    let dropped: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != k)
        .map(|(_, l)| *l)
        .collect();
    let reversed: Vec<&str> = lines.iter().rev().copied().collect();
    let vocab = Vocabulary::default();
    let mut reader = Reader::new(&vocab);
    for pass in [a.clone(), dropped.join("\n"), reversed.join("\n"), a] {
        let want = format!("{:?}", parse(&pass, "fuzz", &vocab));
        assert_eq!(format!("{:?}", reader.read(&pass, "fuzz")), want);
    }
});
