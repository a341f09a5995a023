"""jiuzhu as a stage of a Spark job (docs/scale.md).

The extraction stage pipes documents through ``jiuzhu extract --stream`` with
``RDD.pipe`` and writes the records and rejects as Parquet with the schema of
``jiuzhu extract --format parquet`` (crates/parquet-io). ``jiuzhu screen --records``
then screens the output without extracting again.

Documents are JSON lines ``{"source": ..., "text": ..., "hints": {...}?}`` (what
``jiuzhu extract --documents`` writes, or ``to_json(struct(...))`` of a table).

    spark-submit jiuzhu_spark.py --jiuzhu /opt/jiuzhu/bin/jiuzhu \
        --documents hdfs:///wenshu/documents --out hdfs:///wenshu/extracted

Then, on one machine with the rosters:

    jiuzhu screen --records extracted/ --config jiuzhu.toml --out screening/
"""

import argparse
import os
import shlex

# The typed columns of the records table as Spark DDL: what ``from_json`` parses a
# record's JSON into. The Parquet table is these columns plus ``record STRING``, the
# record's JSON itself (the lossless copy ``jiuzhu screen --records`` reads). Kept equal
# to jiuzhu_parquet::spark_ddl(records_schema()) by tests/scale.rs.
RECORDS_DDL = "source STRING, format STRING, encoding STRING, kind STRING, title STRING, case_number STRING, court STRING, date DATE, charges ARRAY<STRING>, cause STRING, persons ARRAY<STRUCT<name: STRING, roles: ARRAY<STRING>, org: BOOLEAN, anonymized: BOOLEAN, id_number: STRING, gender: STRING, birth_date: DATE, address: STRING, hukou: STRING, ethnicity: STRING, relative_of: STRING, relation: STRING, compensation: STRING>>, compensation STRUCT<status: STRING>, enforcement STRUCT<outcome: STRING, basis_case_number: STRING>, injury STRING, disability_grade INT, amounts STRUCT<awarded: DOUBLE, paid: DOUBLE, unpaid: DOUBLE>, warnings ARRAY<STRING>"
REJECTS_DDL = "source STRING, reason STRING, detail STRING"

RECORD_PREFIX = '{"record":'
REJECT_PREFIX = '{"reject":'

_M64 = (1 << 64) - 1


def source_hash(source):
    """FNV-1a 64 of the UTF-8 bytes, then the SplitMix64 finaliser: jiuzhu's shard hash."""
    h = 0xCBF29CE484222325
    for b in source.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & _M64
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & _M64
    return h ^ (h >> 31)


def shard_of(source, n):
    """The shard (0..n-1) ``jiuzhu extract --shard i/n`` gives the document ``source``."""
    return source_hash(source) % n


def _payload(line, prefix):
    # '{"record":' + JSON + '}': the inner JSON, byte for byte.
    return (line[len(prefix):-1],)


def extract_stage(spark, documents, jiuzhu, out, partitions=None, threads=1):
    """Pipes the JSON-lines documents at ``documents`` through ``jiuzhu extract --stream``
    and writes ``out/records`` and ``out/rejects`` as Parquet. Each task runs one jiuzhu
    process with ``threads`` extraction threads (match ``spark.task.cpus``)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    # The filters below are this module's functions: ship it to the executors.
    sc.addPyFile(os.path.abspath(__file__))
    lines = sc.textFile(documents, minPartitions=partitions)
    command = "%s extract --stream --threads %d" % (shlex.quote(jiuzhu), threads)
    # checkCode: a failed jiuzhu fails the task (and Spark retries it) instead of
    # silently losing its documents.
    piped = lines.pipe(command, checkCode=True)
    # Two tables come out of one pass: keep the pass instead of extracting twice.
    piped.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        records = spark.createDataFrame(
            piped.filter(lambda l: l.startswith(RECORD_PREFIX)).map(
                lambda l: _payload(l, RECORD_PREFIX)
            ),
            "record STRING",
        )
        records = records.select(
            F.from_json("record", RECORDS_DDL).alias("r"), "record"
        ).select("r.*", "record")
        records.write.mode("overwrite").parquet(out + "/records")
        rejects = spark.createDataFrame(
            piped.filter(lambda l: l.startswith(REJECT_PREFIX)).map(
                lambda l: _payload(l, REJECT_PREFIX)
            ),
            "reject STRING",
        )
        rejects = rejects.select(F.from_json("reject", REJECTS_DDL).alias("j")).select(
            "j.*"
        )
        rejects.write.mode("overwrite").parquet(out + "/rejects")
    finally:
        piped.unpersist()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jiuzhu", required=True, help="the jiuzhu binary on every executor")
    p.add_argument("--documents", required=True, help="JSON-lines documents (file or dir)")
    p.add_argument("--out", required=True, help="writes OUT/records and OUT/rejects")
    p.add_argument("--partitions", type=int, default=None)
    p.add_argument("--threads", type=int, default=1, help="extraction threads per task")
    a = p.parse_args()
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("jiuzhu-extract").getOrCreate()
    try:
        extract_stage(spark, a.documents, a.jiuzhu, a.out, a.partitions, a.threads)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
