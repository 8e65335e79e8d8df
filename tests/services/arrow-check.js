// Reads an Arrow IPC file (the prediction log's batches) with the npm package 'apache-arrow' (not written here) and
// reports what it found, as one line 'RESULT {json}': the schema (each column's name, Arrow type and nullability) and
// every row as an object of plain JSON values (64-bit integers as numbers, dictionary columns as their values).
// Usage: node arrow-check.js FILE
//        node arrow-check.js --write FILE   writes a small table of its own (for Ariadne's Arrow reader) and exits
const fs = require('fs');
const { tableFromIPC, tableToIPC, vectorFromArray, Table, Utf8, Float64, Bool, DateDay, Int64 } = require('apache-arrow');

if (process.argv[2] === '--write') {
  const table = new Table({
    id: vectorFromArray([1n, 2n, 3n], new Int64()),
    weight: vectorFromArray([1.5, null, 3.25], new Float64()),
    city: vectorFromArray(['Oslo', null, 'Lima']),
    note: vectorFromArray(['a', 'b', null], new Utf8()),
    flag: vectorFromArray([true, false, null], new Bool()),
    day: vectorFromArray([new Date(Date.UTC(2026, 0, 31)), null, new Date(Date.UTC(2026, 1, 1))], new DateDay()),
  });
  fs.writeFileSync(process.argv[3], tableToIPC(table, 'file'));
  process.stdout.write('RESULT ' + JSON.stringify({ schema: table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) })) }) + '\n');
  process.exit(0);
}

const table = tableFromIPC(fs.readFileSync(process.argv[2]));
const schema = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable }));
const rows = [];
for (const row of table) {
  const plain = {};
  for (const f of table.schema.fields) {
    const v = row[f.name];
    plain[f.name] = typeof v === 'bigint' ? Number(v) : v;
  }
  rows.push(plain);
}
process.stdout.write('RESULT ' + JSON.stringify({ schema, rows, numRows: table.numRows }) + '\n');
