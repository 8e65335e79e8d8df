namespace Ariadne.MLNet;

/// <summary>The param, metric and artifact names autologging writes (docs/mlnet.md lists them).</summary>
internal static class AutologKeys
{
    public const string Prefix = "mlnet.";
    public const string Pipeline = "mlnet.pipeline";
    public const string Trainer = "mlnet.trainer";
    public const string Task = "mlnet.task";
    public const string Seed = "mlnet.seed";
    public const string Version = "mlnet.version";
    public const string TrainSchema = "mlnet.train.schema";
    public const string TrainColumns = "mlnet.train.columns";
    public const string TrainSource = "mlnet.train.source";
    public const string TrainHash = "mlnet.train.blake3";
    public const string FitSeconds = "mlnet.fit_seconds";
    public const string TrainRole = "train";
    public const string ModelFile = "model.zip";
    public const string SchemaFile = "schema.json";
}
