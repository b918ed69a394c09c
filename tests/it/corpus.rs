//! The shipped corpus is what the README says it is.

use chirpdex::synth::{GenOptions, generate};

use crate::harness::{corpus, gunzip};

#[test]
fn the_synthetic_corpus_is_what_the_generator_makes_from_its_documented_seed() {
    let path = corpus("synthetic/pasocial-2015-synthetic.jsonl.gz");
    let shipped = gunzip(&path);
    let mut made = Vec::new();
    generate(
        &mut made,
        GenOptions {
            tweets: 3000,
            seed: 2015,
        },
    )
    .unwrap();
    assert!(
        shipped == made,
        "corpus/README.md's command no longer reproduces {}",
        path.display()
    );
    assert_eq!(shipped.iter().filter(|&&b| b == b'\n').count(), 3000);
}
