// Checks KQL with Microsoft's own Kusto parser and semantic analyser (Kusto.Language,
// the npm package @kusto/language-service-next): every name must resolve against the
// AWSCloudTrail columns given and Sentinel's _GetWatchlist(alias), every operator and
// function must type-check. Prints one JSON line per file: {file, diagnostics: [...]}.
// Usage: node kql_check.cjs COLUMNS.json FILE...   (COLUMNS: {"Name": "string", ...})
require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.js');
const fs = require('fs');

const S = Kusto.Language.Symbols;
const columns = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const schema = '(' + Object.entries(columns).map(([n, t]) => `${n}:${t}`).join(', ') + ')';
const table = new S.TableSymbol.$ctor7('AWSCloudTrail', schema, null);
// Sentinel's watchlist function: a table whose SearchKey column holds the keys.
const watchlist = new S.FunctionSymbol.$ctor12('_GetWatchlist', '{ datatable(SearchKey:string)[] }', S.Tabularity.Tabular,
                                               [new S.Parameter.$ctor2('watchlistAlias', S.ScalarTypes.String)]);
const db = new S.DatabaseSymbol.$ctor1('sentinel', [table, watchlist], false);
const globals = Kusto.Language.GlobalState.Default.WithCluster(new S.ClusterSymbol.$ctor1('workspace', [db], false)).WithDatabase(db);

for (const file of process.argv.slice(3)) {
    const text = fs.readFileSync(file, 'utf8');
    const found = Kusto.Language.KustoCode.ParseAndAnalyze(text, globals).GetDiagnostics();
    const diagnostics = [];
    for (let i = 0; i < found.Count; i++) {
        const d = found.getItem(i);
        diagnostics.push({ severity: d.Severity, message: d.Message, at: text.substr(d.Start, 40) });
    }
    console.log(JSON.stringify({ file, diagnostics }));
}
