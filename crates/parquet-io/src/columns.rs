//! Small builders shared by the tables: strings lists and lists of structs with Parquet's
//! element name, dates as days since 1970-01-01, and struct assembly from the schema.

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, ListArray, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{ArrowError, DataType, Field, FieldRef, Fields};
use jiuzhu_core::Date;

/// The element field of every list: Parquet's standard name, which Spark and pyarrow write
/// (Arrow's default `item` would make the same list a different type to pyarrow).
pub(crate) const ELEMENT: &str = "element";

/// A nullable field.
pub(crate) fn field(name: &str, data_type: DataType) -> Field {
    Field::new(name, data_type, true)
}

/// A nullable string field.
pub(crate) fn string(name: &str) -> Field {
    field(name, DataType::Utf8)
}

/// A list of `item`s.
pub(crate) fn list(item: DataType) -> DataType {
    DataType::List(Arc::new(field(ELEMENT, item)))
}

/// A struct of `fields`.
pub(crate) fn struct_of(fields: Vec<Field>) -> DataType {
    DataType::Struct(Fields::from(fields))
}

/// A builder of `list<string>` with the standard element name.
pub(crate) fn strings() -> ListBuilder<StringBuilder> {
    ListBuilder::new(StringBuilder::new()).with_field(Arc::new(string(ELEMENT)))
}

/// Appends one list of strings.
pub(crate) fn push_strings<'a>(
    b: &mut ListBuilder<StringBuilder>,
    items: impl IntoIterator<Item = &'a str>,
) {
    for s in items {
        b.values().append_value(s);
    }
    b.append(true);
}

/// Days since 1970-01-01 (Parquet's DATE), by Howard Hinnant's days-from-civil algorithm:
/// the inverse of `Date::from_days_since_epoch`.
pub(crate) fn days(d: Date) -> i32 {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // Dates are clamped to 1800..=2200, far inside i32.
    (era * 146_097 + doe - 719_468) as i32
}

/// The fields of the struct column or list-of-struct column `data_type`.
fn struct_fields(data_type: &DataType) -> Result<(Option<FieldRef>, Fields), ArrowError> {
    match data_type {
        DataType::Struct(fields) => Ok((None, fields.clone())),
        DataType::List(element) => match element.data_type() {
            DataType::Struct(fields) => Ok((Some(element.clone()), fields.clone())),
            other => Err(ArrowError::SchemaError(format!(
                "list of {other} where a list of structs was expected"
            ))),
        },
        other => Err(ArrowError::SchemaError(format!(
            "{other} where a struct was expected"
        ))),
    }
}

/// A struct column of type `data_type` from its children; `valid` marks the rows that are
/// not null (all rows when `None`).
pub(crate) fn struct_array(
    data_type: &DataType,
    children: Vec<ArrayRef>,
    valid: Option<Vec<bool>>,
) -> Result<ArrayRef, ArrowError> {
    let (_, fields) = struct_fields(data_type)?;
    let nulls = valid.map(NullBuffer::from);
    Ok(Arc::new(StructArray::try_new(fields, children, nulls)?))
}

/// The row lengths of a list-of-structs column while its children are built.
#[derive(Default)]
pub(crate) struct Lengths(Vec<usize>);

impl Lengths {
    /// Ends a row holding `n` structs.
    pub fn push(&mut self, n: usize) {
        self.0.push(n);
    }

    /// The list-of-structs column of type `data_type` from its struct children.
    pub fn finish(
        &mut self,
        data_type: &DataType,
        children: Vec<ArrayRef>,
    ) -> Result<ArrayRef, ArrowError> {
        let (element, fields) = struct_fields(data_type)?;
        let element = element.ok_or_else(|| {
            ArrowError::SchemaError(format!("{data_type} where a list was expected"))
        })?;
        let values = StructArray::try_new(fields, children, None)?;
        let offsets = OffsetBuffer::from_lengths(std::mem::take(&mut self.0));
        Ok(Arc::new(ListArray::try_new(
            element,
            offsets,
            Arc::new(values),
            None,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_invert_from_days_since_epoch() {
        for d in [
            -62_091i64, -1, 0, 1, 59, 60, 365, 10_957, 11_016, 19_358, 84_370,
        ] {
            let date = Date::from_days_since_epoch(d);
            assert_eq!(i64::from(days(date)), d, "{date}");
        }
    }
}
