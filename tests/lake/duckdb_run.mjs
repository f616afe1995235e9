// Runs queries on DuckDB (the npm package @duckdb/node-api) the way a data lake
// would: builds a table from newline-delimited JSON rows with the given column
// types, runs a SELECT, and writes its rows as gzip JSON lines — what Athena's
// UNLOAD ... WITH (format = 'JSON', compression = 'GZIP') writes.
// Usage: node duckdb_run.mjs JOBS.json   (a list of {schema, table, columns, rows, select, out})
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const quote = (s) => "'" + String(s).replaceAll("'", "''") + "'";
const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
for (const job of jobs) {
    await c.run(`CREATE SCHEMA IF NOT EXISTS "${job.schema}"`);
    const columns = '{' + Object.entries(job.columns).map(([k, v]) => `${quote(k)}: ${quote(v)}`).join(', ') + '}';
    await c.run(`CREATE OR REPLACE TABLE "${job.schema}"."${job.table}" AS SELECT * FROM read_json(${quote(job.rows)}, format = 'newline_delimited', columns = ${columns})`);
    const total = (await c.runAndReadAll(`SELECT count(*) AS n FROM "${job.schema}"."${job.table}"`)).getRowObjects()[0].n;
    const picked = (await c.runAndReadAll(`SELECT count(*) AS n FROM (${job.select})`)).getRowObjects()[0].n;
    // Athena's CSV results quote every field; UNLOAD writes gzip JSON lines.
    const format = job.csv ? 'FORMAT CSV, HEADER, FORCE_QUOTE *' : 'FORMAT JSON, COMPRESSION GZIP';
    await c.run(`COPY (${job.select}) TO ${quote(job.out)} (${format})`);
    console.log(JSON.stringify({ table: job.table, total: Number(total), selected: Number(picked) }));
}
