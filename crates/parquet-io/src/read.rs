//! Reading records and rejects back from Parquet files, whoever wrote them (jiuzhu, Spark,
//! pyarrow, DuckDB): only the `record` column of a records table and the three columns of a
//! rejects table are read.

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::{Array, ArrayRef, LargeStringArray, RecordBatch, StringArray, StringViewArray};
use jiuzhu_core::{DocRecord, Reject, RejectReason};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use crate::{BATCH_ROWS, Error};

/// One row of a records or rejects table.
// Most rows are records: boxing them would add an allocation each and save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A document's record.
    Record(DocRecord),
    /// A document that could not be read, and why.
    Reject(Reject),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Records,
    Rejects,
}

/// The rows of one Parquet file, a batch at a time.
pub struct RowReader {
    path: PathBuf,
    shape: Shape,
    batches: ParquetRecordBatchReader,
    batch: Option<RecordBatch>,
    next: usize,
    row: u64,
    failed: bool,
}

/// Opens a records or rejects table (told apart by their columns: a `record` column, or
/// `source`, `reason` and `detail`).
pub fn read_rows(path: &Path) -> Result<RowReader, Error> {
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let with_path = |e: Error| e.with_path(path);
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|source| {
        with_path(Error::Parquet {
            path: PathBuf::new(),
            source,
        })
    })?;
    let names: Vec<String> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let has = |n: &str| names.iter().any(|c| c == n);
    let (shape, columns): (Shape, &[&str]) = if has("record") {
        (Shape::Records, &["record"])
    } else if has("source") && has("reason") && has("detail") {
        (Shape::Rejects, &["source", "reason", "detail"])
    } else {
        return Err(Error::NotATable {
            path: path.to_path_buf(),
            columns: names.join(", "),
        });
    };
    let roots: Vec<usize> = columns
        .iter()
        .filter_map(|c| names.iter().position(|n| n == c))
        .collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    let batches = builder
        .with_projection(mask)
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|source| {
            with_path(Error::Parquet {
                path: PathBuf::new(),
                source,
            })
        })?;
    Ok(RowReader {
        path: path.to_path_buf(),
        shape,
        batches,
        batch: None,
        next: 0,
        row: 0,
        failed: false,
    })
}

/// The string at `i` of a string column of any of Arrow's three string layouts.
fn string_at(col: &ArrayRef, i: usize) -> Result<Option<&str>, String> {
    if col.is_null(i) {
        return Ok(None);
    }
    let any = col.as_any();
    if let Some(a) = any.downcast_ref::<StringArray>() {
        Ok(Some(a.value(i)))
    } else if let Some(a) = any.downcast_ref::<LargeStringArray>() {
        Ok(Some(a.value(i)))
    } else if let Some(a) = any.downcast_ref::<StringViewArray>() {
        Ok(Some(a.value(i)))
    } else {
        Err(format!(
            "a {} column where a string was expected",
            col.data_type()
        ))
    }
}

impl RowReader {
    /// Whether the file is a records table (else rejects).
    pub fn is_records(&self) -> bool {
        self.shape == Shape::Records
    }

    fn bad(&self, message: String) -> Error {
        Error::BadRow {
            path: self.path.clone(),
            row: self.row,
            message,
        }
    }

    fn row_at(&self, batch: &RecordBatch, i: usize) -> Result<Row, Error> {
        let col = |name: &str| -> Result<&str, Error> {
            let c = batch
                .column_by_name(name)
                .ok_or_else(|| self.bad(format!("no `{name}` column")))?;
            string_at(c, i)
                .map_err(|m| self.bad(format!("`{name}`: {m}")))?
                .ok_or_else(|| self.bad(format!("`{name}` is null")))
        };
        match self.shape {
            Shape::Records => {
                let json = col("record")?;
                serde_json::from_str::<DocRecord>(json)
                    .map(Row::Record)
                    .map_err(|e| {
                        self.bad(format!(
                            "the `record` column is not a jiuzhu record ({e}); it must hold the record's JSON as `jiuzhu extract` writes it"
                        ))
                    })
            }
            Shape::Rejects => {
                let reason = col("reason")?;
                let reason: RejectReason =
                    serde_json::from_value(serde_json::Value::String(reason.to_string()))
                        .map_err(|_| self.bad(format!("unknown reject reason `{reason}`")))?;
                Ok(Row::Reject(Reject {
                    source: col("source")?.to_string(),
                    reason,
                    detail: col("detail")?.to_string(),
                }))
            }
        }
    }
}

impl Iterator for RowReader {
    type Item = Result<Row, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            if let Some(batch) = &self.batch
                && self.next < batch.num_rows()
            {
                let i = self.next;
                self.next += 1;
                self.row += 1;
                // A bad row is the caller's to report; the rows after it are still read.
                return Some(self.row_at(batch, i));
            }
            match self.batches.next()? {
                Ok(batch) => {
                    self.batch = Some(batch);
                    self.next = 0;
                }
                Err(source) => {
                    self.failed = true;
                    return Some(Err(Error::Arrow {
                        path: self.path.clone(),
                        source,
                    }));
                }
            }
        }
    }
}
