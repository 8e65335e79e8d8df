using Ariadne.Tracking;
using Microsoft.ML;

namespace Ariadne.MLNet;

/// <summary>The entry point of ML.NET autologging: <c>var autolog = mlContext.Autolog(run);</c>.</summary>
public static class MLContextAutologExtensions
{
    /// <summary>
    /// Makes training with <paramref name="mlContext"/> record itself on <paramref name="run"/>: fit through
    /// <see cref="MLNetAutolog.FitAsync{TTransformer}"/> and evaluate through the returned object's catalogs
    /// (<c>autolog.MulticlassClassification.Evaluate(...)</c>, same parameters as ML.NET's) instead of the context's.
    /// </summary>
    /// <exception cref="AriadneException">The model is to be logged (the default) and the run has no workspace to store it in.</exception>
    public static MLNetAutolog Autolog(this MLContext mlContext, ActiveRun run, MLNetAutologOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(run);
        options ??= new MLNetAutologOptions();
        if (options.LogModel && !run.CanStoreArtifacts)
        {
            throw AriadneException.InvalidArgument(
                "ML.NET autologging stores the fitted model as an artifact, and this run has no workspace cache to keep it in. " +
                "Run 'ariadne init' in the project folder, or pass new MLNetAutologOptions { LogModel = false }.");
        }

        return new MLNetAutolog(mlContext, run, options);
    }
}
