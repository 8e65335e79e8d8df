using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.Serving;

/// <summary>
/// One loaded version of an ML.NET model: its transformer, the input schema saved with it, which inputs it needs, and
/// how its output reads (predicted label and per-class scores, or a value). <see cref="Predict"/> is thread-safe: every
/// call transforms its own in-memory data view (ML.NET transformers are; its PredictionEngine is not).
/// </summary>
internal sealed class ServedModel
{
    private readonly ITransformer _transformer;
    private readonly OutputShape _output;

    private ServedModel(string name, int version, ITransformer transformer, DataViewSchema inputSchema, IReadOnlyList<InputColumn> inputs, OutputShape output)
    {
        Name = name;
        Version = version;
        _transformer = transformer;
        InputSchema = inputSchema;
        Inputs = inputs;
        _output = output;
        ByName = inputs.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public string Name { get; }

    public int Version { get; }

    public DataViewSchema InputSchema { get; }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyDictionary<string, InputColumn> ByName { get; }

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
