using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.Serving;

/// <summary>
/// One loaded version of an ML.NET model: its transformer, the input schema saved with it, which inputs it needs, and
/// how its output reads (predicted label and per-class scores, or a value). <see cref="Predict"/> is thread-safe: it
/// borrows a <see cref="RowEngine"/> (ML.NET's row-to-row mapper over a reusable input row, what its PredictionEngine
/// does, which is not thread-safe) from a pool, or, for a model that cannot map row by row, transforms a data view of the
/// request's rows.
/// </summary>
internal sealed class ServedModel
{
    private readonly ITransformer _transformer;
    private readonly OutputShape _output;
    private readonly object[] _defaults;
    private readonly ConcurrentBag<RowEngine> _engines = [];
    private readonly bool _rowByRow;

    private ServedModel(string name, int version, ITransformer transformer, DataViewSchema inputSchema, IReadOnlyList<InputColumn> inputs, OutputShape output)
    {
        Name = name;
        Version = version;
        _transformer = transformer;
        InputSchema = inputSchema;
        Inputs = inputs;
        _output = output;
        ByName = inputs.ToDictionary(c => c.Name, StringComparer.Ordinal);
        RequiredCount = inputs.Count(c => c.Required);
        _defaults = new object[inputSchema.Count];
        foreach (var column in inputSchema)
        {
            _defaults[column.Index] = inputs.FirstOrDefault(c => c.Index == column.Index)?.DefaultValue ?? float.NaN;
        }

        if (transformer.IsRowToRowMapper)
        {
            try
            {
                _engines.Add(new RowEngine(transformer, inputSchema, output));
                _rowByRow = true;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
            {
                // A model whose mapper cannot be built row by row still serves through a data view per request.
            }
        }
    }

    public string Name { get; }

    public int Version { get; }

    public DataViewSchema InputSchema { get; }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyDictionary<string, InputColumn> ByName { get; }

    /// <summary>How many inputs the model cannot run without.</summary>
    public int RequiredCount { get; }

    /// <summary>True for classifiers (a predicted label), false for regressors (a value).</summary>
    public bool IsClassifier => _output.Label is not null;

    /// <summary>Loads an ML.NET model zip and works out its inputs and outputs; a model the server cannot serve is InvalidArgument saying why.</summary>
    public static ServedModel Load(string name, int version, string zipPath)
    {
        var ml = new MLContext(seed: 0);
        ITransformer transformer;
        DataViewSchema schema;
        try
        {
            using var stream = File.OpenRead(zipPath);
            transformer = ml.Model.Load(stream, out schema);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw AriadneException.InvalidArgument($"models:/{name}/{version} ('{Path.GetFileName(zipPath)}') is not an ML.NET model zip that this ML.NET can load: {e.Message}. Register the file ML.NET's mlContext.Model.Save wrote.");
        }

        if (schema is null || schema.Count == 0)
        {
            throw AriadneException.InvalidArgument($"models:/{name}/{version} was saved without its input schema, so the server cannot check requests. Save it with mlContext.Model.Save(model, trainingData.Schema, path) and register it again.");
        }

        var inputs = new List<InputColumn>();
        foreach (var column in schema)
        {
            if (column.IsHidden)
            {
                continue;
            }

            var kind = InputColumn.KindOf(column.Type) ?? throw AriadneException.InvalidArgument(
                $"Input column '{column.Name}' of models:/{name}/{version} is of type {column.Type}; the server takes scalar numbers, text and booleans. Build the model with one input column per feature (Concatenate them inside the pipeline).");
            inputs.Add(new InputColumn(column.Name, column.Index, kind, Required: Needs(transformer, schema, column.Name)));
        }

        var output = OutputShape.Of(transformer.GetOutputSchema(schema), name, version);
        return new ServedModel(name, version, transformer, schema, inputs, output);
    }

    /// <summary>Predicts every row (values in schema order and types); one prediction per row, in order.</summary>
    public IReadOnlyList<Prediction> Predict(IReadOnlyList<object[]> rows)
    {
        if (_rowByRow)
        {
            var engine = _engines.TryTake(out var pooled) ? pooled : new RowEngine(_transformer, InputSchema, _output);
            var predictions = new Prediction[rows.Count];
            for (var i = 0; i < predictions.Length; i++)
            {
                predictions[i] = engine.Predict(rows[i]);
            }

            // An engine that threw is dropped: its state is unknown.
            if (_engines.Count < 64)
            {
                _engines.Add(engine);
            }

            return predictions;
        }

        var view = _transformer.Transform(new RowsDataView(InputSchema, rows));
        var results = new List<Prediction>(rows.Count);
        using var cursor = view.GetRowCursor(_output.Columns(view.Schema));
        var read = _output.Reader(cursor);
        while (cursor.MoveNext())
        {
            results.Add(read());
        }

        return results;
    }

    /// <summary>A new row of values in schema order, each column at its missing value (see <see cref="InputColumn.DefaultValue"/>).</summary>
    public object[] NewRow() => (object[])_defaults.Clone();

    /// <summary>Whether the model cannot run without <paramref name="column"/> (a column only the training needed, such as the label, is optional).</summary>
    private static bool Needs(ITransformer transformer, DataViewSchema schema, string column)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var c in schema)
        {
            if (c.Name != column && !c.IsHidden)
            {
                builder.AddColumn(c.Name, c.Type, c.Annotations);
            }
        }

        try
        {
            transformer.GetOutputSchema(builder.ToSchema());
            return false;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return true;
        }
    }
}
