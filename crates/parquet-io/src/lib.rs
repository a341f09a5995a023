//! jiuzhu-parquet writes jiuzhu's records, rejects and clues as Parquet files and reads
//! records and rejects back, so that a Spark, Hive or DuckDB job can query them and
//! `jiuzhu screen --records` can screen them without extracting again.
//!
//! # The tables
//!
//! Every column is nullable (as Spark writes them); lists are Parquet's standard three-level
//! `LIST` with element field `element`, as Spark and pyarrow write them. The schemas are
//! documented column by column in `docs/scale.md`.
//!
//! - **records** ([`records_schema`]): the queryable fields of a [`DocRecord`] as typed
//!   columns, nested as in the JSON record (`persons` a list of structs, `compensation`,
//!   `enforcement` and `amounts` structs), plus `record`, the whole record as its
//!   `records.jsonl` line. `record` is the lossless copy — evidence, field evidence and
//!   container hints live only there — and the only column [`read_rows`] needs; the typed
//!   columns are for SQL.
//! - **rejects** ([`rejects_schema`]): `source`, `reason`, `detail`.
//! - **clues** ([`clues_schema`]): every field of a [`Clue`], typed (clues are few and flat
//!   enough to need no JSON copy).
//!
//! # Memory
//!
//! A [`Writer`] converts rows to Arrow columns every [`BATCH_ROWS`] rows and closes a row
//! group every [`ROW_GROUP_ROWS`] rows, so memory stays bounded however many rows it writes;
//! [`read_rows`] reads one batch at a time.
//!
//! # Example
//!
//! ```
//! use jiuzhu_core::{DocRecord, Format, Reject, RejectReason};
//! use jiuzhu_parquet::{Row, Writer, read_rows};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("records.parquet");
//! let mut w = Writer::<DocRecord, _>::new(std::fs::File::create(&path).unwrap()).unwrap();
//! let mut rec = DocRecord::empty("criminal/j03.txt", Format::Txt, "utf-8");
//! rec.charges.push("交通肇事罪".into());
//! w.write(&rec).unwrap();
//! w.finish().unwrap();
//!
//! let rows: Vec<Row> = read_rows(&path).unwrap().map(Result::unwrap).collect();
//! assert_eq!(rows, vec![Row::Record(rec)]);
//! ```

#![deny(missing_docs)]

mod columns;
mod read;
mod tables;
#[cfg(test)]
mod tests;

use std::io::Write;
use std::marker::PhantomData;
use std::path::PathBuf;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

pub use jiuzhu_core::{Clue, DocRecord, Reject};
pub use read::{Row, RowReader, read_rows};
pub use tables::{clues_schema, records_schema, rejects_schema, spark_ddl};

/// Rows converted to Arrow columns at a time.
pub const BATCH_ROWS: usize = 1024;
/// Rows per Parquet row group: small enough that a row group of records (a few KB each,
/// mostly the `record` column) stays in the tens of megabytes while it is assembled, large
/// enough for good compression and few footers.
pub const ROW_GROUP_ROWS: usize = 8192;

/// What went wrong reading or writing a Parquet file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened, read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The Parquet layer failed (a corrupt or truncated file, a failed write).
    #[error("{}: {source}", path.display())]
    Parquet {
        /// The file (empty while writing to a stream with no name).
        path: PathBuf,
        /// What the Parquet reader or writer said.
        source: parquet::errors::ParquetError,
    },
    /// Arrow could not assemble a batch (a bug in the table definitions, never expected).
    #[error("{}: {source}", path.display())]
    Arrow {
        /// The file.
        path: PathBuf,
        /// What Arrow said.
        source: arrow_schema::ArrowError,
    },
    /// The file is Parquet but not a records or rejects table.
    #[error(
        "{}: not a jiuzhu records or rejects table (columns: {columns}); records need a `record` column holding each record's JSON, rejects the columns `source`, `reason`, `detail` (see docs/scale.md)",
        path.display()
    )]
    NotATable {
        /// The file.
        path: PathBuf,
        /// The columns it has.
        columns: String,
    },
    /// One row could not be read as a record or reject.
    #[error("{}: row {row}: {message}", path.display())]
    BadRow {
        /// The file.
        path: PathBuf,
        /// 1-based row number in the file.
        row: u64,
        /// What is wrong and what to do.
        message: String,
    },
}

/// A type written as one row of a Parquet table.
pub trait Table: Sized {
    /// The table's Arrow schema.
    fn schema() -> SchemaRef;
    /// Column builders for a batch of rows.
    type Columns: Columns<Self>;
}

/// Builds one Arrow batch of rows of `T`.
pub trait Columns<T>: Default {
    /// Appends one row.
    fn push(&mut self, row: &T);
    /// The rows pushed so far as a batch, leaving the builders empty.
    fn finish(&mut self, schema: &SchemaRef) -> Result<RecordBatch, arrow_schema::ArrowError>;
}

/// Writes rows of `T` ([`DocRecord`], [`Reject`] or [`Clue`]) to a Parquet stream, snappy
/// compressed, in bounded memory. Call [`Writer::finish`] to write the footer: a file
/// without one is not Parquet.
pub struct Writer<T: Table, W: Write + Send> {
    inner: ArrowWriter<W>,
    schema: SchemaRef,
    columns: T::Columns,
    pending: usize,
    rows: u64,
    _rows: PhantomData<T>,
}

impl<T: Table, W: Write + Send> Writer<T, W> {
    /// A writer of `T`'s table to `out`.
    pub fn new(out: W) -> Result<Self, Error> {
        let schema = T::schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("jiuzhu {}", env!("CARGO_PKG_VERSION")))
            .build();
        let inner = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(parquet)?;
        Ok(Writer {
            inner,
            schema,
            columns: T::Columns::default(),
            pending: 0,
            rows: 0,
            _rows: PhantomData,
        })
    }

    /// Appends one row.
    pub fn write(&mut self, row: &T) -> Result<(), Error> {
        self.columns.push(row);
        self.pending += 1;
        self.rows += 1;
        if self.pending >= BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn flush_batch(&mut self) -> Result<(), Error> {
        if self.pending == 0 {
            return Ok(());
        }
        let batch = self
            .columns
            .finish(&self.schema)
            .map_err(|source| Error::Arrow {
                path: PathBuf::new(),
                source,
            })?;
        self.pending = 0;
        self.inner.write(&batch).map_err(parquet)
    }

    /// Writes the remaining rows and the footer, and returns the stream.
    pub fn finish(mut self) -> Result<W, Error> {
        self.flush_batch()?;
        self.inner.into_inner().map_err(parquet)
    }
}

fn parquet(source: parquet::errors::ParquetError) -> Error {
    Error::Parquet {
        path: PathBuf::new(),
        source,
    }
}

impl Error {
    /// The same error naming `path` (writers do not know the name of their stream).
    pub fn with_path(self, path: impl Into<PathBuf>) -> Error {
        let path = path.into();
        match self {
            Error::Parquet { source, .. } => Error::Parquet { path, source },
            Error::Arrow { source, .. } => Error::Arrow { path, source },
            Error::Io { source, .. } => Error::Io { path, source },
            other => other,
        }
    }
}
