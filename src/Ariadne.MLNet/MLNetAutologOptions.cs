namespace Ariadne.MLNet;

/// <summary>What ML.NET autologging records besides the pipeline, the data and the metrics.</summary>
public sealed class MLNetAutologOptions
{
    /// <summary>Store each fitted model as the artifact <c>{ModelArtifactPath}/model.zip</c> with its <c>schema.json</c> (default true).</summary>
    public bool LogModel { get; init; } = true;

    /// <summary>The artifact folder of the model and its schema (default <c>model</c>).</summary>
    public string ModelArtifactPath { get; init; } = "model";
}
