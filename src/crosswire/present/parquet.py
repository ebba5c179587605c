"""Every table of the store as Parquet, one file per table, for pandas,
DuckDB, Spark or R.

Tables are found by reflecting the database, not from crosswire's schema
module, so tables added by later migrations (or by other tools) come along
without a change here. Rows are read and written in batches, so a large
store is not held in memory at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection, MetaData, Table, select, types

BATCH_ROWS = 5_000


def export_tables(connection: Connection, *, out_dir: Path) -> list[Path]:
    """Write `<table>.parquet` for every table of the database into `out_dir`."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        path = out_dir / f"{table.name}.parquet"
        write_table(connection, table, path)
        written.append(path)
    return written


def write_table(connection: Connection, table: Table, path: Path) -> int:
    """Write one table; returns the number of rows written."""
    schema = pa.schema([pa.field(column.name, arrow_type(column.type), nullable=True) for column in table.columns])
    count = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for rows in _batches(connection, table):
            columns = {
                field.name: [_cell(row[index], field.type) for row in rows] for index, field in enumerate(schema)
            }
            writer.write_table(pa.table(columns, schema=schema))
            count += len(rows)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def arrow_type(sql_type: Any) -> pa.DataType:
    """The Arrow type for a reflected column type; text for anything unfamiliar."""
    if isinstance(sql_type, types.Boolean):
        return pa.bool_()
    if isinstance(sql_type, types.Integer):
        return pa.int64()
    if isinstance(sql_type, (types.Float, types.Numeric)):
        return pa.float64()
    if isinstance(sql_type, (types.LargeBinary, types.BINARY, types.VARBINARY)):
        return pa.binary()
    return pa.string()


def _batches(connection: Connection, table: Table) -> Iterator[list[tuple[Any, ...]]]:
    primary = list(table.primary_key.columns)
    query = select(*table.columns)
    if primary:
        query = query.order_by(*primary)
    result = connection.execution_options(stream_results=True).execute(query)
    while rows := result.fetchmany(BATCH_ROWS):
        yield [tuple(row) for row in rows]


def _cell(value: Any, arrow: pa.DataType) -> Any:
    """SQLite keeps whatever was stored (a number in a text column); Arrow wants one type per column."""
    if value is None:
        return None
    if pa.types.is_string(arrow) and not isinstance(value, str):
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    if pa.types.is_floating(arrow) and isinstance(value, int):
        return float(value)
    return value
