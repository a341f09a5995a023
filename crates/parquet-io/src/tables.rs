//! The three tables: their Arrow schemas and how a row becomes columns.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder,
    StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Schema, SchemaRef};
use jiuzhu_core::{Clue, DocRecord, Gender, Reject};

use crate::columns::{
    Lengths, days, field, list, push_strings, string, strings, struct_array, struct_of,
};
use crate::{Columns, Table};

fn person_fields() -> DataType {
    struct_of(vec![
        string("name"),
        field("roles", list(DataType::Utf8)),
        field("org", DataType::Boolean),
        field("anonymized", DataType::Boolean),
        string("id_number"),
        string("gender"),
        field("birth_date", DataType::Date32),
        string("address"),
        string("hukou"),
        string("ethnicity"),
        string("relative_of"),
        string("relation"),
        string("compensation"),
    ])
}

/// The records table: typed columns nested as in the JSON record, and `record`, the whole
/// record as JSON.
pub fn records_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        string("source"),
        string("format"),
        string("encoding"),
        string("kind"),
        string("title"),
        string("case_number"),
        string("court"),
        field("date", DataType::Date32),
        field("charges", list(DataType::Utf8)),
        string("cause"),
        field("persons", list(person_fields())),
        field("compensation", struct_of(vec![string("status")])),
        field(
            "enforcement",
            struct_of(vec![string("outcome"), string("basis_case_number")]),
        ),
        string("injury"),
        field("disability_grade", DataType::Int32),
        field(
            "amounts",
            struct_of(vec![
                field("awarded", DataType::Float64),
                field("paid", DataType::Float64),
                field("unpaid", DataType::Float64),
            ]),
        ),
        field("warnings", list(DataType::Utf8)),
        string("record"),
    ]))
}

/// The rejects table: `source`, `reason`, `detail`.
pub fn rejects_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        string("source"),
        string("reason"),
        string("detail"),
    ]))
}

/// The clues table: every field of a clue, typed.
pub fn clues_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        string("model"),
        string("action"),
        field(
            "person",
            struct_of(vec![
                string("name"),
                string("id_number"),
                string("sex"),
                field("birth_date", DataType::Date32),
                field("age", DataType::Int32),
                string("locality"),
            ]),
        ),
        field(
            "link",
            struct_of(vec![
                string("level"),
                field(
                    "rosters",
                    list(struct_of(vec![
                        string("roster"),
                        string("file"),
                        field("row", DataType::Int64),
                        string("category"),
                    ])),
                ),
                string("reason"),
            ]),
        ),
        field(
            "sources",
            list(struct_of(vec![
                string("source"),
                string("case_number"),
                string("kind"),
                field("roles", list(DataType::Utf8)),
            ])),
        ),
        string("injury"),
        field("unpaid_amount", DataType::Float64),
        field("flags", list(DataType::Utf8)),
        field("priority", DataType::Float64),
        field(
            "evidence",
            list(struct_of(vec![
                string("source"),
                string("rule"),
                string("text"),
                string("cue"),
            ])),
        ),
    ]))
}

/// The schema as a Spark SQL / Hive DDL column list (`source STRING, date DATE, charges
/// ARRAY<STRING>, …`), leaving out the columns named in `except`: what `from_json` needs to
/// parse JSON records into the typed columns.
///
/// ```
/// let ddl = jiuzhu_parquet::spark_ddl(&jiuzhu_parquet::rejects_schema(), &[]);
/// assert_eq!(ddl, "source STRING, reason STRING, detail STRING");
/// ```
pub fn spark_ddl(schema: &Schema, except: &[&str]) -> String {
    fn ty(t: &DataType) -> String {
        match t {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "STRING".into(),
            DataType::Boolean => "BOOLEAN".into(),
            DataType::Int32 => "INT".into(),
            DataType::Int64 => "BIGINT".into(),
            DataType::Float64 => "DOUBLE".into(),
            DataType::Date32 => "DATE".into(),
            DataType::List(f) => format!("ARRAY<{}>", ty(f.data_type())),
            DataType::Struct(fields) => format!(
                "STRUCT<{}>",
                fields
                    .iter()
                    .map(|f| format!("{}: {}", f.name(), ty(f.data_type())))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => format!("{other}"),
        }
    }
    schema
        .fields()
        .iter()
        .filter(|f| !except.contains(&f.name().as_str()))
        .map(|f| format!("{} {}", f.name(), ty(f.data_type())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn gender(g: Gender) -> &'static str {
    match g {
        Gender::Male => "male",
        Gender::Female => "female",
    }
}

fn column_type(schema: &SchemaRef, name: &str) -> Result<DataType, ArrowError> {
    Ok(schema.field_with_name(name)?.data_type().clone())
}

fn child_type(parent: &DataType, name: &str) -> Result<DataType, ArrowError> {
    let fields = match parent {
        DataType::Struct(f) => f,
        DataType::List(e) => match e.data_type() {
            DataType::Struct(f) => f,
            other => {
                return Err(ArrowError::SchemaError(format!(
                    "{other} has no field {name}"
                )));
            }
        },
        other => {
            return Err(ArrowError::SchemaError(format!(
                "{other} has no field {name}"
            )));
        }
    };
    fields
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.data_type().clone())
        .ok_or_else(|| ArrowError::SchemaError(format!("no field {name}")))
}

fn arr(b: &mut impl arrow_array::builder::ArrayBuilder) -> ArrayRef {
    b.finish()
}

/// The persons of a batch of records.
struct PersonColumns {
    lengths: Lengths,
    name: StringBuilder,
    roles: ListBuilder<StringBuilder>,
    org: BooleanBuilder,
    anonymized: BooleanBuilder,
    id_number: StringBuilder,
    gender: StringBuilder,
    birth_date: Date32Builder,
    address: StringBuilder,
    hukou: StringBuilder,
    ethnicity: StringBuilder,
    relative_of: StringBuilder,
    relation: StringBuilder,
    compensation: StringBuilder,
}

impl Default for PersonColumns {
    fn default() -> Self {
        PersonColumns {
            lengths: Lengths::default(),
            name: StringBuilder::new(),
            roles: strings(),
            org: BooleanBuilder::new(),
            anonymized: BooleanBuilder::new(),
            id_number: StringBuilder::new(),
            gender: StringBuilder::new(),
            birth_date: Date32Builder::new(),
            address: StringBuilder::new(),
            hukou: StringBuilder::new(),
            ethnicity: StringBuilder::new(),
            relative_of: StringBuilder::new(),
            relation: StringBuilder::new(),
            compensation: StringBuilder::new(),
        }
    }
}

/// Column builders of the records table.
pub struct RecordColumns {
    source: StringBuilder,
    format: StringBuilder,
    encoding: StringBuilder,
    kind: StringBuilder,
    title: StringBuilder,
    case_number: StringBuilder,
    court: StringBuilder,
    date: Date32Builder,
    charges: ListBuilder<StringBuilder>,
    cause: StringBuilder,
    persons: PersonColumns,
    compensation_status: StringBuilder,
    enforcement_valid: Vec<bool>,
    enforcement_outcome: StringBuilder,
    enforcement_basis: StringBuilder,
    injury: StringBuilder,
    disability_grade: Int32Builder,
    awarded: Float64Builder,
    paid: Float64Builder,
    unpaid: Float64Builder,
    warnings: ListBuilder<StringBuilder>,
    record: StringBuilder,
    json: Vec<u8>,
}

impl Default for RecordColumns {
    fn default() -> Self {
        RecordColumns {
            source: StringBuilder::new(),
            format: StringBuilder::new(),
            encoding: StringBuilder::new(),
            kind: StringBuilder::new(),
            title: StringBuilder::new(),
            case_number: StringBuilder::new(),
            court: StringBuilder::new(),
            date: Date32Builder::new(),
            charges: strings(),
            cause: StringBuilder::new(),
            persons: PersonColumns::default(),
            compensation_status: StringBuilder::new(),
            enforcement_valid: Vec::new(),
            enforcement_outcome: StringBuilder::new(),
            enforcement_basis: StringBuilder::new(),
            injury: StringBuilder::new(),
            disability_grade: Int32Builder::new(),
            awarded: Float64Builder::new(),
            paid: Float64Builder::new(),
            unpaid: Float64Builder::new(),
            warnings: strings(),
            record: StringBuilder::new(),
            json: Vec::new(),
        }
    }
}

impl Table for DocRecord {
    fn schema() -> SchemaRef {
        records_schema()
    }
    type Columns = RecordColumns;
}

impl Columns<DocRecord> for RecordColumns {
    fn push(&mut self, r: &DocRecord) {
        self.source.append_value(&r.source);
        self.format.append_value(r.format.as_str());
        self.encoding.append_value(&r.encoding);
        self.kind.append_value(r.kind.as_str());
        self.title.append_option(r.title.as_deref());
        self.case_number.append_option(r.case_number.as_deref());
        self.court.append_option(r.court.as_deref());
        self.date.append_option(r.date.map(days));
        push_strings(&mut self.charges, r.charges.iter().map(String::as_str));
        self.cause.append_option(r.cause.as_deref());
        let p = &mut self.persons;
        for person in &r.persons {
            p.name.append_value(&person.name);
            push_strings(&mut p.roles, person.roles.iter().map(|r| r.as_str()));
            p.org.append_value(person.org);
            p.anonymized.append_value(person.anonymized);
            p.id_number.append_option(person.id_number.as_deref());
            p.gender.append_option(person.gender.map(gender));
            p.birth_date.append_option(person.birth_date.map(days));
            p.address.append_option(person.address.as_deref());
            p.hukou.append_option(person.hukou.as_deref());
            p.ethnicity.append_option(person.ethnicity.as_deref());
            p.relative_of.append_option(person.relative_of.as_deref());
            p.relation.append_option(person.relation.as_deref());
            p.compensation
                .append_option(person.compensation.map(|c| c.as_str()));
        }
        p.lengths.push(r.persons.len());
        self.compensation_status
            .append_value(r.compensation.status.as_str());
        self.enforcement_valid.push(r.enforcement.is_some());
        self.enforcement_outcome
            .append_option(r.enforcement.as_ref().map(|e| e.outcome.as_str()));
        self.enforcement_basis.append_option(
            r.enforcement
                .as_ref()
                .and_then(|e| e.basis_case_number.as_deref()),
        );
        self.injury.append_value(r.injury.as_str());
        self.disability_grade
            .append_option(r.disability_grade.map(i32::from));
        self.awarded.append_option(r.amounts.awarded);
        self.paid.append_option(r.amounts.paid);
        self.unpaid.append_option(r.amounts.unpaid);
        push_strings(&mut self.warnings, r.warnings.iter().map(String::as_str));
        self.json.clear();
        // A record always serialises (string keys, finite numbers from the extractor); a
        // non-finite amount would become null, as serde_json writes it in records.jsonl.
        serde_json::to_writer(&mut self.json, r).expect("a record serialises to JSON");
        self.record
            .append_value(std::str::from_utf8(&self.json).expect("serde_json writes UTF-8"));
    }

    fn finish(&mut self, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
        let persons_type = column_type(schema, "persons")?;
        let p = &mut self.persons;
        let persons = p.lengths.finish(
            &persons_type,
            vec![
                arr(&mut p.name),
                arr(&mut p.roles),
                arr(&mut p.org),
                arr(&mut p.anonymized),
                arr(&mut p.id_number),
                arr(&mut p.gender),
                arr(&mut p.birth_date),
                arr(&mut p.address),
                arr(&mut p.hukou),
                arr(&mut p.ethnicity),
                arr(&mut p.relative_of),
                arr(&mut p.relation),
                arr(&mut p.compensation),
            ],
        )?;
        let compensation = struct_array(
            &column_type(schema, "compensation")?,
            vec![arr(&mut self.compensation_status)],
            None,
        )?;
        let enforcement = struct_array(
            &column_type(schema, "enforcement")?,
            vec![
                arr(&mut self.enforcement_outcome),
                arr(&mut self.enforcement_basis),
            ],
            Some(std::mem::take(&mut self.enforcement_valid)),
        )?;
        let amounts = struct_array(
            &column_type(schema, "amounts")?,
            vec![
                arr(&mut self.awarded),
                arr(&mut self.paid),
                arr(&mut self.unpaid),
            ],
            None,
        )?;
        RecordBatch::try_new(
            schema.clone(),
            vec![
                arr(&mut self.source),
                arr(&mut self.format),
                arr(&mut self.encoding),
                arr(&mut self.kind),
                arr(&mut self.title),
                arr(&mut self.case_number),
                arr(&mut self.court),
                arr(&mut self.date),
                arr(&mut self.charges),
                arr(&mut self.cause),
                persons,
                compensation,
                enforcement,
                arr(&mut self.injury),
                arr(&mut self.disability_grade),
                amounts,
                arr(&mut self.warnings),
                arr(&mut self.record),
            ],
        )
    }
}

/// Column builders of the rejects table.
#[derive(Default)]
pub struct RejectColumns {
    source: StringBuilder,
    reason: StringBuilder,
    detail: StringBuilder,
}

impl Table for Reject {
    fn schema() -> SchemaRef {
        rejects_schema()
    }
    type Columns = RejectColumns;
}

impl Columns<Reject> for RejectColumns {
    fn push(&mut self, r: &Reject) {
        self.source.append_value(&r.source);
        self.reason.append_value(r.reason.as_str());
        self.detail.append_value(&r.detail);
    }

    fn finish(&mut self, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
        RecordBatch::try_new(
            schema.clone(),
            vec![
                arr(&mut self.source),
                arr(&mut self.reason),
                arr(&mut self.detail),
            ],
        )
    }
}

/// Column builders of the clues table.
pub struct ClueColumns {
    model: StringBuilder,
    action: StringBuilder,
    name: StringBuilder,
    id_number: StringBuilder,
    sex: StringBuilder,
    birth_date: Date32Builder,
    age: Int32Builder,
    locality: StringBuilder,
    level: StringBuilder,
    rosters: Lengths,
    roster: StringBuilder,
    file: StringBuilder,
    row: Int64Builder,
    category: StringBuilder,
    reason: StringBuilder,
    sources: Lengths,
    source: StringBuilder,
    case_number: StringBuilder,
    kind: StringBuilder,
    roles: ListBuilder<StringBuilder>,
    injury: StringBuilder,
    unpaid_amount: Float64Builder,
    flags: ListBuilder<StringBuilder>,
    priority: Float64Builder,
    evidence: Lengths,
    ev_source: StringBuilder,
    ev_rule: StringBuilder,
    ev_text: StringBuilder,
    ev_cue: StringBuilder,
}

impl Default for ClueColumns {
    fn default() -> Self {
        ClueColumns {
            model: StringBuilder::new(),
            action: StringBuilder::new(),
            name: StringBuilder::new(),
            id_number: StringBuilder::new(),
            sex: StringBuilder::new(),
            birth_date: Date32Builder::new(),
            age: Int32Builder::new(),
            locality: StringBuilder::new(),
            level: StringBuilder::new(),
            rosters: Lengths::default(),
            roster: StringBuilder::new(),
            file: StringBuilder::new(),
            row: Int64Builder::new(),
            category: StringBuilder::new(),
            reason: StringBuilder::new(),
            sources: Lengths::default(),
            source: StringBuilder::new(),
            case_number: StringBuilder::new(),
            kind: StringBuilder::new(),
            roles: strings(),
            injury: StringBuilder::new(),
            unpaid_amount: Float64Builder::new(),
            flags: strings(),
            priority: Float64Builder::new(),
            evidence: Lengths::default(),
            ev_source: StringBuilder::new(),
            ev_rule: StringBuilder::new(),
            ev_text: StringBuilder::new(),
            ev_cue: StringBuilder::new(),
        }
    }
}

impl Table for Clue {
    fn schema() -> SchemaRef {
        clues_schema()
    }
    type Columns = ClueColumns;
}

impl Columns<Clue> for ClueColumns {
    fn push(&mut self, c: &Clue) {
        self.model.append_value(&c.model);
        self.action.append_value(c.action.as_str());
        self.name.append_value(&c.person.name);
        self.id_number.append_option(c.person.id_number.as_deref());
        self.sex.append_option(c.person.sex.map(gender));
        self.birth_date.append_option(c.person.birth_date.map(days));
        self.age
            .append_option(c.person.age.map(|a| i32::try_from(a).unwrap_or(i32::MAX)));
        self.locality.append_value(c.person.locality.as_str());
        self.level.append_value(c.link.level.as_str());
        for hit in &c.link.rosters {
            self.roster.append_value(&hit.roster);
            self.file.append_value(&hit.file);
            self.row
                .append_value(i64::try_from(hit.row).unwrap_or(i64::MAX));
            self.category.append_option(hit.category.as_deref());
        }
        self.rosters.push(c.link.rosters.len());
        self.reason.append_value(&c.link.reason);
        for s in &c.sources {
            self.source.append_value(&s.source);
            self.case_number.append_option(s.case_number.as_deref());
            self.kind.append_value(s.kind.as_str());
            push_strings(&mut self.roles, s.roles.iter().map(|r| r.as_str()));
        }
        self.sources.push(c.sources.len());
        self.injury.append_value(c.injury.as_str());
        self.unpaid_amount.append_option(c.unpaid_amount);
        push_strings(&mut self.flags, c.flags.iter().map(|f| f.as_str()));
        self.priority.append_value(c.priority);
        for e in &c.evidence {
            self.ev_source.append_value(&e.source);
            self.ev_rule.append_value(&e.rule);
            self.ev_text.append_value(&e.text);
            self.ev_cue.append_option(e.cue.as_deref());
        }
        self.evidence.push(c.evidence.len());
    }

    fn finish(&mut self, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
        let link_type = column_type(schema, "link")?;
        let rosters = self.rosters.finish(
            &child_type(&link_type, "rosters")?,
            vec![
                arr(&mut self.roster),
                arr(&mut self.file),
                arr(&mut self.row),
                arr(&mut self.category),
            ],
        )?;
        let link = struct_array(
            &link_type,
            vec![arr(&mut self.level), rosters, arr(&mut self.reason)],
            None,
        )?;
        let person = struct_array(
            &column_type(schema, "person")?,
            vec![
                arr(&mut self.name),
                arr(&mut self.id_number),
                arr(&mut self.sex),
                arr(&mut self.birth_date),
                arr(&mut self.age),
                arr(&mut self.locality),
            ],
            None,
        )?;
        let sources = self.sources.finish(
            &column_type(schema, "sources")?,
            vec![
                arr(&mut self.source),
                arr(&mut self.case_number),
                arr(&mut self.kind),
                arr(&mut self.roles),
            ],
        )?;
        let evidence = self.evidence.finish(
            &column_type(schema, "evidence")?,
            vec![
                arr(&mut self.ev_source),
                arr(&mut self.ev_rule),
                arr(&mut self.ev_text),
                arr(&mut self.ev_cue),
            ],
        )?;
        RecordBatch::try_new(
            schema.clone(),
            vec![
                arr(&mut self.model),
                arr(&mut self.action),
                person,
                link,
                sources,
                arr(&mut self.injury),
                arr(&mut self.unpaid_amount),
                arr(&mut self.flags),
                arr(&mut self.priority),
                evidence,
            ],
        )
    }
}
