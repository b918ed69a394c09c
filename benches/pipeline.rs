//! Criterion benchmarks of the pipeline's stages on a generated dump: parse (bytes → tweets),
//! extract (entities of a text), ingest (file → committed index), stats and search (against
//! that index).

use std::hint::black_box;

use chirpdex::formats::Source;
use chirpdex::formats::input::{Input, Records};
use chirpdex::index::Archive;
use chirpdex::index::writer::WriterOptions;
use chirpdex::ingest::{self, IngestOptions};
use chirpdex::model::Format;
use chirpdex::query;
use chirpdex::synth::{GenOptions, generate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const TWEETS: u64 = 5_000;

fn dump() -> Vec<u8> {
    let mut out = Vec::new();
    generate(
        &mut out,
        GenOptions {
            tweets: TWEETS,
            seed: 1,
        },
    )
    .unwrap();
    out
}

fn parse(c: &mut Criterion) {
    let bytes = dump();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("v1 records to tweets", |b| {
        b.iter(|| {
            let mut n = 0u64;
            let source = Source::new("bench", Format::V1);
            for record in Records::new(bytes.as_slice(), source) {
                Format::V1.parse(&record.unwrap(), &mut |t| n += t.is_ok() as u64);
            }
            assert_eq!(black_box(n), TWEETS);
        })
    });
    g.finish();
}

fn ingest_and_search(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dump.jsonl");
    let bytes = dump();
    std::fs::write(&file, &bytes).unwrap();
    let inputs = [Input::File(file)];

    let mut g = c.benchmark_group("ingest");
    g.sample_size(10);
    g.throughput(Throughput::Elements(TWEETS));
    g.bench_function("file to committed index", |b| {
        b.iter(|| {
            let index = tempfile::tempdir().unwrap();
            let archive = Archive::open_or_create(index.path()).unwrap();
            let opts = IngestOptions {
                rejects: index.path().join("rejects.jsonl"),
                from: None,
                event: None,
                writer: WriterOptions::default(),
            };
            let s = ingest::run(&archive, &inputs, &opts, &mut std::io::sink(), &()).unwrap();
            assert_eq!(s.indexed, TWEETS);
        })
    });
    g.finish();

    let index = dir.path().join("index");
    let archive = Archive::open_or_create(&index).unwrap();
    let opts = IngestOptions {
        rejects: index.join("rejects.jsonl"),
        from: None,
        event: None,
        writer: WriterOptions::default(),
    };
    ingest::run(&archive, &inputs, &opts, &mut std::io::sink(), &()).unwrap();
    let mut g = c.benchmark_group("stats");
    g.sample_size(20);
    g.throughput(Throughput::Elements(TWEETS));
    g.bench_function("all tweets, top 10, timeline", |b| {
        let request = query::Request::new("*");
        let opts = chirpdex::stats::StatsOptions::default();
        b.iter(|| black_box(chirpdex::stats::stats(&archive, &request, &opts).unwrap()))
    });
    g.finish();

    let mut g = c.benchmark_group("search");
    for q in ["#pasocial", "trasparenza domande", "\"piazze digitali\""] {
        g.bench_function(q, |b| {
            let request = query::Request::new(q);
            let page = query::Page {
                limit: 10,
                offset: 0,
                sort: query::Sort::Relevance,
                snippets: false,
            };
            b.iter(|| {
                black_box(
                    query::search(&archive, &request, page)
                        .unwrap()
                        .collect::<anyhow::Result<Vec<_>>>()
                        .unwrap(),
                )
            })
        });
    }
    g.finish();
}

fn extract(c: &mut Criterion) {
    let text = "#pasocial @AleMiglioz: ufficio stampa del Ministero è diventato una vera \
                redazione, perché? https://t.co/AbCdEf1234 #PA $AAPL www.agid.gov.it";
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("entities of a tweet", |b| {
        b.iter(|| black_box(chirpdex::extract::entities(black_box(text))))
    });
    g.finish();
}

criterion_group!(benches, parse, extract, ingest_and_search);
criterion_main!(benches);
