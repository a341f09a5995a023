"""Integration check of the Spark stage (run by tests/scale.rs; exits non-zero on failure).

Runs jiuzhu_spark.extract_stage in Spark local mode over a documents file, then reads
the Parquet output back with pyarrow (a second engine) and checks it against the table
``jiuzhu extract --format parquet`` wrote for the same corpus: the same schema (the
documented one), the same records, the same rejects. Also checks the Python shard
function against ``jiuzhu extract --documents --shard``.
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jiuzhu_spark  # noqa: E402


def ddl_of(t):
    """A pyarrow type as Spark DDL, to compare with the documented schema."""
    import pyarrow as pa

    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "STRING"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_int32(t):
        return "INT"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_float64(t):
        return "DOUBLE"
    if pa.types.is_date32(t):
        return "DATE"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return "ARRAY<%s>" % ddl_of(t.value_type)
    if pa.types.is_struct(t):
        return "STRUCT<%s>" % ", ".join(
            "%s: %s" % (t.field(i).name, ddl_of(t.field(i).type)) for i in range(t.num_fields)
        )
    raise AssertionError("unexpected type %s" % t)


def schema_ddl(schema):
    return ", ".join("%s %s" % (f.name, ddl_of(f.type)) for f in schema)


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok:", what)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jiuzhu", required=True)
    p.add_argument("--documents", required=True)
    p.add_argument("--docs-dir", required=True, help="the corpus, for the shard check")
    p.add_argument("--reference", required=True, help="DIR of `extract --format parquet`")
    p.add_argument("--out", required=True)
    p.add_argument("--partitions", type=int, default=4)
    a = p.parse_args()

    import pyarrow.parquet as pq
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("jiuzhu-integration")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", os.path.join(a.out, "spark-tmp"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        jiuzhu_spark.extract_stage(
            spark, a.documents, a.jiuzhu, os.path.join(a.out, "extracted"), a.partitions
        )
    finally:
        spark.stop()

    spark_records = pq.read_table(os.path.join(a.out, "extracted", "records"))
    spark_rejects = pq.read_table(os.path.join(a.out, "extracted", "rejects"))
    ref_records = pq.read_table(os.path.join(a.reference, "records.parquet"))
    ref_rejects = pq.read_table(os.path.join(a.reference, "rejects.parquet"))

    documented = jiuzhu_spark.RECORDS_DDL + ", record STRING"
    check(schema_ddl(ref_records.schema) == documented, "jiuzhu's records.parquet has the documented schema")
    check(schema_ddl(spark_records.schema) == documented, "Spark's records have the documented schema")
    check(
        spark_records.schema.remove_metadata().equals(ref_records.schema.remove_metadata()),
        "Spark's and jiuzhu's records tables have one pyarrow schema",
    )
    check(
        schema_ddl(spark_rejects.schema) == jiuzhu_spark.REJECTS_DDL
        and schema_ddl(ref_rejects.schema) == jiuzhu_spark.REJECTS_DDL,
        "rejects tables have the documented schema",
    )
    check(spark_records.num_rows == ref_records.num_rows, "%d records" % ref_records.num_rows)
    check(spark_rejects.num_rows == ref_rejects.num_rows, "%d rejects" % ref_rejects.num_rows)

    # The same records, byte for byte in `record`, and the same typed values.
    def by_source(t):
        rows = t.to_pylist()
        return {r["source"]: r for r in rows}

    got, want = by_source(spark_records), by_source(ref_records)
    check(set(got) == set(want), "the same sources")
    differ = [s for s in want if got[s] != want[s]]
    check(not differ, "every record equal in every column (first differing: %s)" % differ[:3])
    for s, r in want.items():
        rec = json.loads(r["record"])
        if rec["source"] != s or rec["kind"] != r["kind"]:
            raise AssertionError("record column disagrees with typed columns at %s" % s)
    check(True, "typed columns agree with the record JSON")
    check(
        sorted(spark_rejects.column("source").to_pylist())
        == sorted(ref_rejects.column("source").to_pylist()),
        "the same rejects",
    )

    # Shards: Python's function gives every document of `--shard 1/3` shard 1.
    out = subprocess.run(
        [a.jiuzhu, "extract", "--documents", "--shard", "1/3", a.docs_dir],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    sources = []
    for line in out.splitlines():
        d = json.loads(line)
        sources.append(d["source"] if "source" in d else d["reject"]["source"])
    check(sources and all(jiuzhu_spark.shard_of(s, 3) == 1 for s in sources),
          "Python's shard_of agrees with jiuzhu on %d documents" % len(sources))
    print(json.dumps({"records": spark_records.num_rows, "rejects": spark_rejects.num_rows}))


if __name__ == "__main__":
    main()
